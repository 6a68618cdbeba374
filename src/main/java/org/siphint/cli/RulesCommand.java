package org.siphint.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;

import org.kie.api.KieBase;
import org.siphint.engine.RuleCompileException;
import org.siphint.engine.RuleProblem;
import org.siphint.engine.RuleSource;
import org.siphint.finding.CatalogException;
import org.siphint.pipeline.RuleCheck;
import org.siphint.pipeline.RuleSetup;
import org.siphint.pipeline.SampleCheck;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code siphint rules check|test}: for people who write rules. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Check and test rule files (.drl) and the situation catalog.",
        subcommands = {RulesCommand.Check.class, RulesCommand.Test.class})
final class RulesCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code rules check [DIR]}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Compile the rules of DIR laid over the shipped rules, and check that every situation "
                    + "and cause a rule names is in the catalog.",
                    "Each problem is printed as file:line:column: message, with the lines it points at."})
    static final class Check implements Callable<Integer> {

        @Parameters(paramLabel = "DIR", arity = "0..1", description = "Your rules folder (default: only the shipped rules).")
        Path dir;

        @Override
        public Integer call() throws IOException {
            RuleSetup setup;
            try {
                setup = RuleSetup.load(dir, List.of());
            } catch (CatalogException e) {
                e.problems().forEach(System.out::println);
                return ExitCodes.FAILURE;
            }
            List<RuleProblem> problems = RuleCheck.check(setup);
            PrintStream out = System.out;
            for (RuleProblem p : problems) {
                out.println(p);
                printContext(out, setup.sources(), p);
            }
            if (problems.isEmpty()) {
                out.println("rules ok: " + setup.sources().size() + " file(s), " + setup.catalog().entries().size()
                        + " situation(s) in the catalog");
                return ExitCodes.OK;
            }
            out.println(problems.size() + " problem(s)");
            return ExitCodes.FAILURE;
        }

        /** The reported line and the one before it: Drools often reports the token after the mistake. */
        private static void printContext(PrintStream out, List<RuleSource> sources, RuleProblem p) {
            if (p.line() <= 0) {
                return;
            }
            for (RuleSource s : sources) {
                if (!s.path().equals(p.file())) {
                    continue;
                }
                String[] lines = s.text().split("\n", -1);
                for (int n = Math.max(1, p.line() - 1); n <= Math.min(lines.length, p.line()); n++) {
                    out.printf("  %5d | %s%n", n, lines[n - 1]);
                }
                if (p.column() > 0) {
                    out.printf("        | %s^%n", " ".repeat(Math.max(0, p.column() - 1)));
                }
            }
        }
    }

    /** {@code rules test [SAMPLES]}. */
    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Replay every sample log that has expectations beside it (NAME.log.expected.json) "
                    + "and compare the findings.", "Prints PASS or FAIL per sample, with what is missing or extra."})
    static final class Test implements Callable<Integer> {

        @Parameters(paramLabel = "SAMPLES", arity = "0..1",
                description = "A sample log or a folder of them (default: sample-logs).")
        Path samples = Path.of("sample-logs");

        @Option(names = "--rules", paramLabel = "DIR", description = "Your rules folder, laid over the shipped rules.")
        Path rulesDir;

        @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of the logs (default: UTC).")
        ZoneId zone = ZoneId.of("UTC");

        @Override
        public Integer call() throws IOException {
            RuleSetup setup;
            KieBase base;
            try {
                setup = RuleSetup.load(rulesDir, List.of());
                base = setup.compile();
            } catch (CatalogException | RuleCompileException e) {
                System.out.println("the rules do not compile; run 'siphint rules check' for details:");
                System.out.println(e.getMessage());
                return ExitCodes.FAILURE;
            }
            List<Path> logs = SampleCheck.samples(samples);
            if (logs.isEmpty()) {
                System.out.println("no sample logs with expectations (NAME.log" + SampleCheck.SUFFIX + ") under " + samples);
                return ExitCodes.FAILURE;
            }
            int failed = 0;
            for (Path log : logs) {
                SampleCheck.Result r = SampleCheck.check(log, base, setup.catalog(), zone);
                System.out.println((r.passed() ? "PASS " : "FAIL ") + log);
                if (!r.passed()) {
                    failed++;
                    System.out.print(r.diff());
                }
            }
            System.out.println((logs.size() - failed) + " passed, " + failed + " failed");
            return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
