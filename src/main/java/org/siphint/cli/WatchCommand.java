package org.siphint.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
import org.siphint.notify.NotifierSink;
import org.siphint.notify.Notifiers;
import org.siphint.pipeline.Pipeline;
import org.siphint.pipeline.RuleReloader;
import org.siphint.pipeline.Watcher;
import org.siphint.source.DefaultLogLocations;
import org.siphint.source.LogSource;
import org.siphint.source.Platform;

import org.siphint.pipeline.RuleSetup;
import org.siphint.report.CallRecorder;
import org.siphint.report.ReportWriter;
import org.siphint.source.OffsetRegistry;
import org.siphint.source.TailedFile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code siphint watch}: the daemon. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follow log files as they grow and pop up what goes wrong.",
                "Files come from the arguments and from the config's 'logs' list; with neither,",
                "the usual log locations of the supported softphones and PBXes are watched.",
                "Without --config, the system-wide config.yaml (e.g. /etc/siphint) is read, else the user's.",
                "With --rules DIR (or 'rules:' in the config), a changed rule file is compiled in the background and "
                        + "swapped in when it compiles; a broken one is reported once and the old rules keep running."})
final class WatchCommand implements Callable<Integer> {

    /** How often the rules folder is checked for changes. */
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(1);

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

    @Option(names = "--notifier", paramLabel = "KIND",
            description = "desktop, console or none (default: desktop, falling back to console when there is no desktop).")
    String notifier;

    @Option(names = "--json", paramLabel = "FILE", description = "Also append every finding to this file as JSON lines.")
    Path json;

    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "Where to write an HTML report with the call's ladder diagram per finding "
                    + "(default: siphint/reports in your cache folder; 'none' for no reports).")
    String reportDir;

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
        Platform platform = Platform.current();
        Path configFile = config != null ? config : ConfigLocations.find(platform).orElse(null);
        WatchConfig cfg = configFile == null ? new WatchConfig() : WatchConfig.load(configFile);
        if (config == null && configFile != null) {
            System.err.println("siphint: configuration " + configFile);
        }
        String notifierKind = first(notifier, cfg.notifier, "desktop");
        if (!Notifiers.KINDS.contains(notifierKind)) {
            System.err.println("siphint watch: unknown notifier '" + notifierKind + "' (desktop, console or none)");
            return ExitCodes.USAGE;
        }
        List<LogSource> sources = sources(cfg, platform, System.err);
        if (sources.isEmpty()) {
            return ExitCodes.USAGE;
        }
        if (rules.rulesDir == null && cfg.rules != null) {
            rules.rulesDir = platform.expand(cfg.rules);
        }
        rules.disabledRules.addAll(cfg.disableRules);
        KieBase base;
        FindingFactory findings;
        try {
            RuleSetup setup = rules.setup();
            base = setup.compile();
            findings = new FindingFactory(setup.catalog());
        } catch (RuleCompileException | CatalogException e) {
            System.err.println("siphint watch: the rules do not compile:");
            System.err.println(e.getMessage());
            return ExitCodes.FAILURE;
        }
        Duration window = WatchConfig.duration(first(popupWindow, cfg.popupWindow, "10m"));
        List<FindingSink> sinks = new ArrayList<>();
        sinks.add(new ConsoleSink(System.out));
        Path jsonFile = json != null ? json : cfg.json == null ? null : platform.expand(cfg.json);
        OutputStream jsonOut = null;
        if (jsonFile != null) {
            jsonOut = new FileOutputStream(jsonFile.toFile(), true);
            sinks.add(new JsonLinesSink(jsonOut));
        }
        // the report is written before the notifier sees the finding, so its "Details" can open it
        // (a notifier gets the page with reports::reportFor)
        String reportSetting = first(reportDir, cfg.reportDir, "");
        CallRecorder recorder = reportSetting.equals("none") ? null : new CallRecorder();
        ReportWriter reports = recorder == null ? null : new ReportWriter(
                reportSetting.isEmpty() ? ReportWriter.defaultDirectory() : Path.of(reportSetting), recorder,
                ReportWriter.When.AT_ONCE, ReportWriter.DEFAULT_KEEP, zone);
        if (reports != null) {
            sinks.add(reports);
        }
        // "Details" opens the finding's report, written by the sink above before the notifier sees it
        Notifiers.Choice choice = Notifiers.choose(notifierKind, System.getenv(), System.getProperty("os.name"), System.err,
                reports == null ? finding -> java.util.Optional.empty() : reports::reportFor);
        if (choice.fallbackLine() != null) {
            System.err.println(choice.fallbackLine());
        }
        if (choice.notifier() != null) {
            sinks.add(new NotifierSink(choice.notifier(), window));
        }
        long deadline = duration == null ? 0 : System.currentTimeMillis() + WatchConfig.duration(duration).toMillis();
        TailedFile.Options options = TailedFile.Options.defaults();
        ShownFindings shown = null;
        if (!noState) {
            Path stateDir = state != null ? state : cfg.state != null ? Path.of(cfg.state) : StateDir.defaultDir();
            options = options.withRegistry(OffsetRegistry.load(stateDir));
            shown = ShownFindings.load(stateDir);
        }
        RuleReloader reloader = rules.rulesDir == null ? null
                : new RuleReloader(rules.rulesDir, rules.disabledRules, RELOAD_INTERVAL).start();
        CountDownLatch closed = new CountDownLatch(1);
        try (Pipeline pipeline = new Pipeline(base, findings, sinks, shown);
             Watcher watcher = new Watcher(pipeline, sources, zone, fromStart, options)) {
            if (recorder != null) {
                pipeline.observe(recorder);
                System.err.println("siphint: a report per finding goes to " + reports.directory());
            }
            pipeline.observe(new org.siphint.pipeline.TraceNote(System.err));
            if (reloader != null) {
                watcher.reloadRulesWith(reloader);
            }
            // on SIGTERM or Ctrl-C: stop the loop and let it save the resume points before the JVM exits
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                watcher.stop();
                awaitQuietly(closed);
            }, "siphint-stop"));
            System.err.println("siphint: watching " + sources.size() + " file(s), pop-ups: "
                    + (choice.notifier() == null ? "none" : choice.notifier().name()));
            watcher.run(deadline);
        } finally {
            closed.countDown();
            if (reloader != null) {
                reloader.close();
            }
            if (jsonOut != null) {
                closeQuietly(jsonOut);
            }
        }
        return ExitCodes.OK;
    }

    /**
     * The files to follow: the arguments and the config's logs; with neither, the default log
     * locations of this platform that exist (the others are named once, so a user sees where
     * siphint looked). Empty, after an explanation on {@code err}, when there is nothing to watch.
     */
    List<LogSource> sources(WatchConfig cfg, Platform platform, PrintStream err) {
        List<LogSource> sources = new ArrayList<>();
        for (Path f : files) {
            sources.add(new LogSource(f, role, dialect));
        }
        for (WatchConfig.Log log : cfg.logs) {
            sources.add(new LogSource(platform.expand(log.path), log.role == null ? null : Role.parse(log.role), log.dialect));
        }
        if (!sources.isEmpty()) {
            return sources;
        }
        DefaultLogLocations.Resolution defaults = DefaultLogLocations.resolve(platform);
        for (LogSource found : defaults.found()) {
            err.println("siphint: found " + found.role().id() + " log " + found.path());
        }
        if (!defaults.missing().isEmpty()) {
            err.println("siphint: no log at " + defaults.missing().stream()
                    .map(l -> l.path() + " (" + l.software() + ")").collect(Collectors.joining(", ")));
        }
        if (defaults.found().isEmpty()) {
            err.println("siphint watch: no log files to watch: none in the default locations;"
                    + " give FILE arguments or a --config with 'logs'");
        }
        return defaults.found();
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
