package org.siphint.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.siphint.engine.RuleSource;
import org.siphint.notify.LibnotifyNotifier;
import org.siphint.notify.Notifier;
import org.siphint.notify.Notifiers;
import org.siphint.notify.Tray;
import org.siphint.source.Platform;
import org.siphint.source.SetupCheck;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code siphint doctor}: what siphint would use on this machine, and whether pop-ups work. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Show which notifier works, the OS, Java, the rules, and the files 'watch' would follow.",
                "Exit code 1 when the test notification (--notify) or the config fails."})
final class DoctorCommand implements Callable<Integer> {

    private static final long NOTIFY_TIMEOUT_SECONDS = 10;

    /** How many lines of each watched log doctor reads to see whether a SIP trace is on. */
    static final int TRACE_CHECK_LINES = 20_000;

    @Option(names = "--config", paramLabel = "FILE", description = "The YAML configuration 'watch' would use.")
    Path config;

    @Option(names = "--notify", description = "Also show a real test notification.")
    boolean notify;

    @Mixin
    RuleOptions rules;

    @Override
    public Integer call() {
        return report(System.out, null);
    }

    /**
     * Prints the checks on {@code out} and answers the exit code. {@code notifierLine} is what the
     * running daemon says of its notifier (the tray's "Check setup"), or null to choose one here.
     */
    int report(PrintStream out, String notifierLine) {
        int exit = ExitCodes.OK;
        out.println("siphint:  " + VersionProvider.version());
        out.println("os:       " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " (" + System.getProperty("os.arch") + ")");
        out.println("java:     " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")");

        WatchConfig cfg = new WatchConfig();
        if (config != null) {
            try {
                cfg = WatchConfig.load(config);
            } catch (IOException | RuntimeException e) {
                out.println("config:   " + config + ": cannot be read: " + e.getMessage());
                exit = ExitCodes.FAILURE;
            }
        }
        if (rules.rulesDir == null && cfg.rules != null) {
            rules.rulesDir = Path.of(cfg.rules);
        }
        rules.disabledRules.addAll(cfg.disableRules);
        try {
            List<RuleSource> sources = rules.setup().sources();
            out.println("rules:    " + (rules.rulesDir == null ? "shipped" : "shipped, with " + rules.rulesDir + " over them")
                    + " (" + sources.size() + " rule files)");
        } catch (IOException | org.siphint.finding.CatalogException e) {
            out.println("rules:    " + rules.rulesDir + ": cannot be read: " + e.getMessage());
            exit = ExitCodes.FAILURE;
        }

        if (notifierLine != null) {
            out.println(notifierLine);
        } else {
            String kind = cfg.notifier == null ? "desktop" : cfg.notifier;
            Notifiers.Choice choice;
            try {
                choice = Notifiers.choose(kind, System.getenv(), System.getProperty("os.name"), System.err);
            } catch (IllegalArgumentException e) {
                out.println("notifier: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            Notifier notifier = choice.notifier();
            out.println(notifierLine(choice));
            if (notify && notifier != null) {
                String result = tryNotify(notifier);
                out.println("test:     " + (result == null ? "a test notification was shown" : "failed: " + result));
                if (result != null || choice.fallback() != null) {
                    exit = ExitCodes.FAILURE;
                }
            }
        }
        if (Boolean.FALSE.equals(cfg.tray)) {
            out.println("tray:     no icon: turned off in the configuration (tray: false)");
        } else if (notifierLine == null) {
            String why = Tray.check(System.getenv(), System.getProperty("os.name"));
            out.println("tray:     " + (why == null ? "an icon can be shown in the notification area" : "no icon: " + why));
        }

        if (config != null) {
            out.println("config:   " + config + " (" + cfg.logs.size() + " log file(s))");
            for (WatchConfig.Log log : cfg.logs) {
                out.println("  " + log.path + "  role " + (log.role == null ? "default" : log.role)
                        + ", dialect " + (log.dialect == null ? "detected" : log.dialect) + ": " + state(Path.of(log.path)));
                String setting = Files.isReadable(Path.of(log.path))
                        ? org.siphint.pipeline.TraceNote.missingTrace(Path.of(log.path), TRACE_CHECK_LINES) : null;
                if (setting != null) {
                    out.println("    no SIP trace in it, only the PBX's notices: findings say less than a trace would."
                            + " Turn the trace on: " + setting);
                }
            }
        }
        List<SetupCheck.Program> programs = SetupCheck.check(Platform.current(), Instant.now());
        out.println("softphones and PBXes found here: " + (programs.isEmpty() ? "none at their usual places" : programs.size()));
        for (SetupCheck.Program p : programs) {
            out.println("  " + p.software() + " (" + p.foundBy() + "): " + p.detail());
            if (!p.ok()) {
                out.println("    to log SIP: " + p.howTo());
            }
        }
        return exit;
    }

    /** The doctor's line about a notifier choice. */
    static String notifierLine(Notifiers.Choice choice) {
        Notifier notifier = choice.notifier();
        StringBuilder line = new StringBuilder("notifier: ").append(notifier == null ? "none" : notifier.name());
        if (notifier instanceof LibnotifyNotifier libnotify) {
            line.append(" (server ").append(libnotify.server()).append(')');
        }
        if (choice.fallback() != null) {
            line.append(" (no desktop notifications: ").append(choice.fallback()).append(')');
        }
        return line.toString();
    }

    private static String state(Path file) {
        if (!Files.exists(file)) {
            return "missing (watch waits for it)";
        }
        if (!Files.isReadable(file)) {
            return "not readable by this user";
        }
        try {
            return "readable, " + Files.size(file) + " bytes";
        } catch (IOException e) {
            return "readable";
        }
    }

    /** Shows the test finding on a thread of its own, bounded: a frozen server would block. Null when shown. */
    private static String tryNotify(Notifier notifier) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                notifier.show(Notifiers.testFinding());
                result.complete(null);
            } catch (Exception e) {
                result.complete(e.getMessage());
            }
        }, "siphint-doctor-notify");
        t.setDaemon(true);
        t.start();
        try {
            return result.get(NOTIFY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return "the notifier did not return within " + NOTIFY_TIMEOUT_SECONDS + " s";
        } catch (Exception e) {
            return e.toString();
        }
    }
}
