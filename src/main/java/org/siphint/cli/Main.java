package org.siphint.cli;

import java.util.Set;

import org.siphint.engine.PrecompiledRules;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code siphint} command. */
@Command(name = "siphint",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Watches softphone and PBX logs and explains what is wrong with calls.", ""},
        subcommands = {ReplayCommand.class, ReportCommand.class, WatchCommand.class, DemoCommand.class, ExplainCommand.class,
                RulesCommand.class, DoctorCommand.class,
                CommandLine.HelpCommand.class},
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a file or the rules could not be read", "2:wrong usage"})
public final class Main implements Runnable {

    /** The commands that run the rules: for them the shipped rules are read while the rest starts. */
    private static final Set<String> RULE_COMMANDS = Set.of("watch", "replay", "demo", "report");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && RULE_COMMANDS.contains(args[0])) {
            PrecompiledRules.preload();
        }
        System.exit(run(args));
    }

    /** Runs the command line and answers the exit code (for tests and the launcher alike). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println("siphint: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return ExitCodes.FAILURE;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
