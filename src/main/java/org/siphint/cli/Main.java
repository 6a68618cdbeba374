package org.siphint.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.siphint.engine.PrecompiledRules;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterExceptionHandler;

/** The {@code siphint} command. */
@Command(name = "siphint",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Watches softphone and PBX logs and explains what is wrong with calls.", ""},
        subcommands = {ReplayCommand.class, ReportCommand.class, WatchCommand.class, DemoCommand.class, ExplainCommand.class,
                RulesCommand.class, DoctorCommand.class, HistoryCommand.class, AgentCommand.class, CentralCommand.class,
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
        // picocli shows the help and succeeds when --help comes with words it does not know
        // ("siphint nosuchcommand --help"): a mistyped command must fail whatever follows it
        cli.setExecutionStrategy(parseResult -> {
            CommandLine.ParseResult last = parseResult;
            while (last.hasSubcommand()) {
                last = last.subcommand();
            }
            if (!last.unmatched().isEmpty()) {
                throw new CommandLine.UnmatchedArgumentException(last.commandSpec().commandLine(), last.unmatched());
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        IParameterExceptionHandler standard = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, arguments) -> unknownCommand(e).orElseGet(() -> {
            try {
                return standard.handleParseException(unknownOption(e, arguments).orElse(e), arguments);
            } catch (Exception unexpected) {
                throw new IllegalStateException(unexpected);
            }
        }));
        return cli.execute(args);
    }

    /**
     * picocli reports a missing file before an option it does not know ("replay --jsno a.log" would
     * say FILE is missing): the option the user mistyped is the error to show.
     */
    private static Optional<CommandLine.ParameterException> unknownOption(CommandLine.ParameterException e, String[] args) {
        if (!(e instanceof CommandLine.MissingParameterException)) {
            return Optional.empty();
        }
        CommandLine cmd = e.getCommandLine();
        for (String arg : args) {
            if (arg.startsWith("-") && arg.length() > 1 && !arg.equals("--")) {
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                if (cmd.getCommandSpec().findOption(name) == null) {
                    return Optional.of(new CommandLine.UnmatchedArgumentException(cmd, List.of(arg)));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A word where a command of a command with subcommands was expected: says so with that command's
     * usage, and answers the usage error's exit code.
     */
    private static Optional<Integer> unknownCommand(CommandLine.ParameterException e) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException unmatched)) {
            return Optional.empty();
        }
        CommandLine cmd = e.getCommandLine();
        List<String> words = unmatched.getUnmatched();
        if (cmd.getSubcommands().isEmpty() || words.isEmpty() || words.get(0).startsWith("-")) {
            return Optional.empty();
        }
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": unknown command '" + words.get(0) + "'");
        err.println();
        cmd.usage(err);
        return Optional.of(ExitCodes.USAGE);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
