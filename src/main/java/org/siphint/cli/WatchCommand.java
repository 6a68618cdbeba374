package org.siphint.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.kie.api.KieBase;
import org.siphint.engine.RuleCompileException;
import org.siphint.event.Role;
import org.siphint.finding.CatalogException;
import org.siphint.finding.ConsoleSink;
import org.siphint.finding.FindingFactory;
import org.siphint.finding.FindingSink;
import org.siphint.finding.JsonLinesSink;
import org.siphint.finding.ShownFindings;
import org.siphint.notify.ConsoleNotifier;
import org.siphint.notify.NotifierSink;
import org.siphint.pipeline.Pipeline;
import org.siphint.pipeline.Watcher;
import org.siphint.source.LogSource;
import org.siphint.source.OffsetRegistry;
import org.siphint.source.TailedFile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code siphint watch}: the daemon. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follow log files as they grow and pop up what goes wrong.",
                "Files come from the arguments and from the config's 'logs' list."})
final class WatchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Log files to follow.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (logs, rules, notifier).")
    Path config;

    @Option(names = "--role", paramLabel = "ROLE", converter = RoleConverter.class,
            description = "Role of the files given as arguments: softphone or pbx.")
    Role role;

    @Option(names = "--dialect", paramLabel = "ID", description = "Log format of the files given as arguments.")
    String dialect;

    @Option(names = "--from-start", description = "Read what the files already hold (default: only new lines).")
    boolean fromStart;

    @Option(names = "--notifier", paramLabel = "KIND", description = "console or none (default: console).")
    String notifier;

    @Option(names = "--json", paramLabel = "FILE", description = "Also append every finding to this file as JSON lines.")
    Path json;

    @Option(names = "--popup-window", paramLabel = "DURATION",
            description = "At most one pop-up per situation and account in this window (default: 10m).")
    String popupWindow;

    @Option(names = "--duration", paramLabel = "DURATION", hidden = true,
            description = "Stop after this long (for tests and the demo).")
    String duration;

    @Option(names = "--state", paramLabel = "DIR",
            description = "Folder for resume points and findings already shown (default: the user's state folder).")
    Path state;

    @Option(names = "--no-state", description = "Keep nothing across restarts: start at the files' ends, forget findings.")
    boolean noState;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of the logs (default: this machine's).")
    ZoneId zone = ZoneId.systemDefault();

    @Mixin
    RuleOptions rules;

    @Override
    public Integer call() throws Exception {
        WatchConfig cfg = config == null ? new WatchConfig() : WatchConfig.load(config);
        List<LogSource> sources = new ArrayList<>();
        for (Path f : files) {
            sources.add(new LogSource(f, role, dialect));
        }
        for (WatchConfig.Log log : cfg.logs) {
            sources.add(new LogSource(Path.of(log.path), log.role == null ? null : Role.parse(log.role), log.dialect));
        }
        if (sources.isEmpty()) {
            System.err.println("siphint watch: no log files to watch (give FILE arguments or a --config with 'logs')");
            return ExitCodes.USAGE;
        }
        if (rules.rulesDir == null && cfg.rules != null) {
            rules.rulesDir = Path.of(cfg.rules);
        }
        KieBase base;
        FindingFactory findings;
        try {
            base = rules.compile();
            findings = new FindingFactory(rules.catalog());
        } catch (RuleCompileException | CatalogException e) {
            System.err.println("siphint watch: the rules do not compile:");
            System.err.println(e.getMessage());
            return ExitCodes.FAILURE;
        }
        Duration window = WatchConfig.duration(first(popupWindow, cfg.popupWindow, "10m"));
        List<FindingSink> sinks = new ArrayList<>();
        sinks.add(new ConsoleSink(System.out));
        Path jsonFile = json != null ? json : cfg.json == null ? null : Path.of(cfg.json);
        OutputStream jsonOut = null;
        if (jsonFile != null) {
            jsonOut = new FileOutputStream(jsonFile.toFile(), true);
            sinks.add(new JsonLinesSink(jsonOut));
        }
        String notifierKind = first(notifier, cfg.notifier, "console");
        switch (notifierKind) {
            case "console" -> sinks.add(new NotifierSink(new ConsoleNotifier(System.err), window));
            case "none" -> {
            }
            default -> {
                System.err.println("siphint watch: unknown notifier '" + notifierKind + "' (console or none)");
                return ExitCodes.USAGE;
            }
        }
        long deadline = duration == null ? 0 : System.currentTimeMillis() + WatchConfig.duration(duration).toMillis();
        TailedFile.Options options = TailedFile.Options.defaults();
        ShownFindings shown = null;
        if (!noState) {
            Path stateDir = state != null ? state : cfg.state != null ? Path.of(cfg.state) : StateDir.defaultDir();
            options = options.withRegistry(OffsetRegistry.load(stateDir));
            shown = ShownFindings.load(stateDir);
        }
        CountDownLatch closed = new CountDownLatch(1);
        try (Pipeline pipeline = new Pipeline(base, findings, sinks, shown);
             Watcher watcher = new Watcher(pipeline, sources, zone, fromStart, options)) {
            // on SIGTERM or Ctrl-C: stop the loop and let it save the resume points before the JVM exits
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                watcher.stop();
                awaitQuietly(closed);
            }, "siphint-stop"));
            System.err.println("siphint: watching " + sources.size() + " file(s)");
            watcher.run(deadline);
        } finally {
            closed.countDown();
            if (jsonOut != null) {
                closeQuietly(jsonOut);
            }
        }
        return ExitCodes.OK;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // the findings were flushed line by line already
        }
    }
}
