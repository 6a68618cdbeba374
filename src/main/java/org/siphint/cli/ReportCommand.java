package org.siphint.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.kie.api.KieBase;
import org.siphint.engine.RuleCompileException;
import org.siphint.event.Role;
import org.siphint.finding.CatalogException;
import org.siphint.finding.Finding;
import org.siphint.finding.FindingFactory;
import org.siphint.pipeline.Pipeline;
import org.siphint.pipeline.Replay;
import org.siphint.pipeline.RuleSetup;
import org.siphint.report.CallRecorder;
import org.siphint.report.CallReport;
import org.siphint.report.ReportNames;
import org.siphint.report.ReportWriter;
import org.siphint.source.LogSource;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code siphint report ID FILE...}: the HTML report, with the ladder diagram, of a finding or a call. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Replay log files and write the HTML report of one call: what siphint found on it, "
                + "with the call's ladder diagram.",
                "ID is a Call-ID, or a report id as in the report file names (e.g. sip-488-3f2a9c1b0d).",
                "A call without a finding gets its bare ladder. The report's path is printed on stdout."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ID", description = "A Call-ID, or a report id such as sip-488-3f2a9c1b0d.")
    String id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "Log files (softphone and PBX logs may be mixed).")
    List<Path> files;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the report (default: its id .html here).")
    Path out;

    @Option(names = "--role", paramLabel = "ROLE", converter = RoleConverter.class,
            description = "Whose logs these are: softphone or pbx (default: the usual role of each file's format).")
    Role role;

    @Option(names = "--dialect", paramLabel = "ID", description = "Log format of the files, instead of detecting it.")
    String dialect;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone the logs were written in (default: this machine's).")
    ZoneId zone = ZoneId.systemDefault();

    @Mixin
    RuleOptions rules;

    @Override
    public Integer call() throws IOException {
        List<LogSource> sources = new ArrayList<>();
        for (Path f : files) {
            sources.add(new LogSource(f, role, dialect));
        }
        KieBase base;
        FindingFactory wording;
        try {
            RuleSetup setup = rules.setup();
            base = setup.compile();
            wording = new FindingFactory(setup.catalog());
        } catch (RuleCompileException | CatalogException e) {
            System.err.println("siphint report: the rules do not compile:");
            System.err.println(e.getMessage());
            return ExitCodes.FAILURE;
        }
        List<Finding> findings = new ArrayList<>();
        CallRecorder recorder = new CallRecorder();
        try (Pipeline pipeline = new Pipeline(base, wording, List.of(findings::add))) {
            pipeline.observe(recorder);
            new Replay(zone).run(sources, pipeline);
        } catch (IOException e) {
            System.err.println("siphint report: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        String wanted = id.endsWith(".html") ? id.substring(0, id.length() - 5) : id;
        List<Finding> chosen = findings.stream()
                .filter(f -> id.equals(f.callId()) || ReportNames.id(f).equals(wanted)).toList();
        String callId = chosen.isEmpty() ? id : chosen.get(0).callId();
        chosen = chosen.stream().filter(f -> java.util.Objects.equals(f.callId(), callId)).toList();
        if (chosen.isEmpty() && recorder.call(id).isEmpty()) {
            System.err.println("siphint report: no finding and no call '" + id + "' in these logs");
            Set<String> known = new LinkedHashSet<>();
            findings.forEach(f -> known.add(ReportNames.id(f) + "  (Call-ID " + f.callId() + ")"));
            known.forEach(k -> System.err.println("  " + k));
            return ExitCodes.FAILURE;
        }
        String name = chosen.size() == 1 ? ReportNames.id(chosen.get(0)) : ReportNames.callId(callId);
        Path target = out != null ? out : Path.of(ReportNames.fileName(name));
        try {
            ReportWriter.writeAtomically(target, CallReport.page(recorder, callId, chosen, zone));
        } catch (IOException e) {
            System.err.println("siphint report: cannot write " + target + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        System.out.println(target);
        return ExitCodes.OK;
    }
}
