package org.siphint.cli;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
import org.siphint.finding.PopupPause;
import org.siphint.notify.Browser;
import org.siphint.notify.NotifierSink;
import org.siphint.notify.Tray;
import org.siphint.report.SetupPage;
import org.siphint.source.QuietLogs;
import org.siphint.notify.Notifiers;
import org.siphint.pipeline.Pipeline;
import org.siphint.pipeline.RuleReloader;
import org.siphint.pipeline.Watcher;
import org.siphint.source.DefaultLogLocations;
import org.siphint.source.LogSource;
import org.siphint.source.Platform;

import org.siphint.pipeline.RuleSetup;
import org.siphint.report.CallRecorder;
import org.siphint.report.History;
import org.siphint.report.ReportNames;
import org.siphint.report.ReportWriter;
import org.siphint.source.OffsetRegistry;
import org.siphint.source.TailedFile;

import org.siphint.capture.CaptureEvents;
import org.siphint.fleet.FindingSubscriber;
import org.siphint.hep.HepForwarder;
import org.siphint.hep.HepListen;
import org.siphint.net.NetTarget;
import org.siphint.hep.HepReceiver;
import org.siphint.metrics.EventCounter;
import org.siphint.metrics.MetricsServer;

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

    @Option(names = "--hep", paramLabel = "URI",
            description = "Receive SIP over HEP v3 at udp://HOST:PORT or tcp://HOST:PORT (no host: loopback); repeatable.")
    List<String> hep = new ArrayList<>();

    @Option(names = "--hep-key", paramLabel = "KEY", description = "Drop HEP packets that do not carry this authentication key.")
    String hepKey;

    @Option(names = "--hep-forward", paramLabel = "URI",
            description = "Send the logs' SIP messages as HEP v3 to a collector (Homer) at udp://HOST:PORT or tcp://HOST:PORT.")
    String hepForward;

    @Option(names = "--hep-forward-id", paramLabel = "N",
            description = "The capture agent id the forwarded messages carry (default: " + HepForwarder.DEFAULT_CAPTURE_ID + ").")
    Long hepForwardId;

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

    @Option(names = "--no-tray", description = "Show no icon in the notification area (config: 'tray: false').")
    boolean noTray;

    @Option(names = "--quiet-note", paramLabel = "DURATION", hidden = true,
            description = "Say once that a watched log holds no SIP message after this long (default: 1d; for tests).")
    String quietNote;

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
        List<HepListen> hepListen = new ArrayList<>();
        try {
            for (String uri : hep.isEmpty() && cfg.hep != null ? cfg.hep.listen : hep) {
                hepListen.add(HepListen.parse(uri));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("siphint watch: --hep " + e.getMessage());
            return ExitCodes.USAGE;
        }
        String hepAuth = hepKey != null ? hepKey : cfg.hep == null ? null : cfg.hep.authKey;
        Admin admin;
        try {
            admin = Admin.of(cfg);
        } catch (IllegalArgumentException e) {
            System.err.println("siphint watch: " + (configFile == null ? "" : configFile + ": ") + e.getMessage());
            return ExitCodes.FAILURE;
        }
        List<LogSource> sources = hepListen.isEmpty() || !files.isEmpty() || !cfg.logs.isEmpty()
                ? sources(cfg, platform, System.err) : new ArrayList<>();
        if (sources.isEmpty() && hepListen.isEmpty()) {
            return ExitCodes.USAGE;
        }
        // captures are read as packets (followed while tcpdump writes them), not tailed as lines
        List<LogSource> captures = new ArrayList<>();
        for (java.util.Iterator<LogSource> it = sources.iterator(); it.hasNext(); ) {
            LogSource s = it.next();
            if (java.nio.file.Files.isRegularFile(s.path()) && CaptureEvents.isCapture(s.path())) {
                captures.add(s);
                it.remove();
            }
        }
        String forwardTo = hepForward != null ? hepForward : cfg.hep == null ? null : cfg.hep.forward;
        NetTarget forwardTarget;
        try {
            forwardTarget = forwardTo == null ? null : NetTarget.parse(forwardTo, HepForwarder.DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            System.err.println("siphint watch: --hep-forward " + e.getMessage());
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
        Path reportFolder = HistoryCommand.reportFolder(reportDir, cfg, platform);
        CallRecorder recorder = reportFolder == null ? null : new CallRecorder();
        ReportWriter reports = recorder == null ? null : new ReportWriter(reportFolder, recorder,
                ReportWriter.When.AT_ONCE, ReportWriter.DEFAULT_KEEP, zone);
        History history = reports == null ? null : new History(reportFolder, reports, zone);
        if (reports != null) {
            sinks.add(reports);
            // after the report, so the entry links to a page that exists
            sinks.add(history);
        }
        // "Details" opens the finding's report, written by the sink above before the notifier sees it
        Notifiers.Choice choice = Notifiers.choose(notifierKind, System.getenv(), System.getProperty("os.name"), System.err,
                reports == null ? finding -> java.util.Optional.empty() : reports::reportFor);
        if (choice.fallbackLine() != null) {
            System.err.println(choice.fallbackLine());
        }
        PopupPause pause = new PopupPause();
        if (choice.notifier() != null) {
            sinks.add(new NotifierSink(choice.notifier(), window, pause));
        }
        sinks.addAll(admin.sinks(zone));
        long deadline = duration == null ? 0 : System.currentTimeMillis() + WatchConfig.duration(duration).toMillis();
        TailedFile.Options options = TailedFile.Options.defaults();
        ShownFindings shown = null;
        Path stateDir = null;
        if (!noState) {
            stateDir = state != null ? state : cfg.state != null ? Path.of(cfg.state) : StateDir.defaultDir();
            options = options.withRegistry(OffsetRegistry.load(stateDir));
            shown = ShownFindings.load(stateDir);
        }
        RuleReloader reloader = rules.rulesDir == null ? null
                : new RuleReloader(rules.rulesDir, rules.disabledRules, RELOAD_INTERVAL).start();
        CountDownLatch closed = new CountDownLatch(1);
        Tray.Handle tray = new Tray.Handle();
        ScheduledExecutorService quietLogs = null;
        MetricsServer metricsServer;
        try {
            metricsServer = admin.serveMetrics();
        } catch (java.io.IOException e) {
            System.err.println("siphint watch: " + e.getMessage());
            sinks.forEach(FindingSink::close);
            if (reloader != null) {
                reloader.close();
            }
            if (jsonOut != null) {
                closeQuietly(jsonOut);
            }
            return ExitCodes.FAILURE;
        }
        FindingSubscriber fleet = null;
        HepForwarder forwarder = null;
        try (metricsServer;
             Pipeline pipeline = new Pipeline(base, findings, sinks, shown);
             Watcher watcher = new Watcher(pipeline, sources, zone, fromStart, options)) {
            if (metricsServer != null) {
                java.util.Set<String> captureNames = captures.stream().map(LogSource::displayName)
                        .collect(Collectors.toSet());
                pipeline.observe(new EventCounter(admin.metrics(), file -> file.startsWith("hep:") ? "hep"
                        : captureNames.contains(file) ? "pcap" : watcher.dialectOf(file)));
                System.err.println("siphint: metrics at " + metricsServer.url());
            }
            if (admin.syslog() != null) {
                System.err.println("siphint: findings to syslog at " + admin.syslog().target());
            }
            if (recorder != null) {
                pipeline.observe(recorder);
                System.err.println("siphint: a report per finding goes to " + reports.directory());
            }
            pipeline.observe(new org.siphint.pipeline.TraceNote(System.err));
            if (forwardTarget != null) {
                long id = hepForwardId != null ? hepForwardId : cfg.hep != null && cfg.hep.forwardId != null
                        ? cfg.hep.forwardId : HepForwarder.DEFAULT_CAPTURE_ID;
                forwarder = new HepForwarder(forwardTarget, id, cfg.hep == null ? null : cfg.hep.forwardKey,
                        HepForwarder.logsOnly(captures.stream().map(LogSource::displayName).collect(Collectors.toSet())),
                        false, admin.metrics());
                pipeline.observe(forwarder);
                System.err.println("siphint: the logs' SIP messages go to " + forwardTarget + " as HEP v3 (agent id " + id + ")");
            }
            if (reloader != null) {
                watcher.reloadRulesWith(reloader);
            }
            fleet = followFleet(cfg, stateDir, window, pipeline, watcher);
            // on SIGTERM or Ctrl-C: stop the loop and let it save the resume points before the JVM exits
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                watcher.stop();
                awaitQuietly(closed);
            }, "siphint-stop"));
            for (LogSource capture : captures) {
                Thread t = new Thread(() -> {
                    try {
                        CaptureEvents.follow(capture.path(), capture.displayName(), capture.role(), watcher.input(),
                                watcher::running);
                    } catch (java.io.IOException e) {
                        System.err.println("siphint: " + e.getMessage());
                    }
                }, "siphint-capture");
                t.setDaemon(true);
                t.start();
            }
            try (HepReceiver receiver = hepListen.isEmpty() ? null
                    : HepReceiver.start(hepListen, hepAuth, watcher.input())) {
                if (receiver != null) {
                    System.err.println("siphint: receiving HEP v3 at " + String.join(", ", receiver.addresses())
                            + (hepAuth == null ? "" : " (with an authentication key)"));
                }
                System.err.println("siphint: watching " + (sources.size() + captures.size()) + " file(s), pop-ups: "
                        + (choice.notifier() == null ? "none" : choice.notifier().name()));
                startTray(cfg, configFile, history, pause, choice, watcher, tray);
                quietLogs = startQuietLogs(sources, platform);
                watcher.run(deadline);
                if (receiver != null) {
                    System.err.println("siphint: HEP: " + receiver.counters());
                }
                if (admin.syslog() != null) {
                    System.err.println("siphint: syslog: " + admin.syslog().sent() + " sent, "
                            + admin.syslog().dropped() + " dropped");
                }
                if (forwarder != null) {
                    forwarder.close();
                    System.err.println("siphint: HEP to " + forwarder.target() + ": " + forwarder.sent() + " sent, "
                            + forwarder.dropped() + " dropped");
                }
            } catch (java.io.IOException e) {
                System.err.println("siphint watch: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
        } finally {
            if (forwarder != null) {
                forwarder.close();
            }
            if (fleet != null) {
                fleet.close();
            }
            tray.close();
            if (quietLogs != null) {
                quietLogs.shutdownNow();
            }
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
     * With {@code kafka:} in the config, this desktop's accounts' findings from the fleet's central
     * workers pop up here too; accounts not listed are learned from the REGISTERs this desktop's
     * phone sends. Null without a {@code kafka:} section.
     */
    private static FindingSubscriber followFleet(WatchConfig cfg, Path stateDir, Duration window, Pipeline pipeline,
                                                 Watcher watcher) {
        if (cfg.kafka == null) {
            return null;
        }
        FindingSubscriber fleet = new FindingSubscriber(cfg.kafka.validated(), stateDir, window, watcher::deliver);
        pipeline.observe(event -> {
            if (event instanceof org.siphint.event.SipMessage m && m.isSent() && m.isRequest()
                    && "REGISTER".equals(m.getMethod()) && m.getRole() == Role.SOFTPHONE) {
                fleet.learn(m.getToUri());
            }
        });
        Thread t = new Thread(fleet, "siphint-fleet");
        t.setDaemon(true);
        t.start();
        System.err.println("siphint: findings of the fleet at " + cfg.kafka.bootstrap + " for "
                + (fleet.accounts().isEmpty() ? "the accounts this phone registers" : String.join(", ", fleet.accounts())));
        return fleet;
    }

    /**
     * Shows the icon in the notification area when this session has a tray (on a thread of its own,
     * after the start); says in one line why there is none otherwise.
     */
    private void startTray(WatchConfig cfg, Path configFile, History history, PopupPause pause, Notifiers.Choice choice,
                           Watcher watcher, Tray.Handle handle) {
        if (noTray || Boolean.FALSE.equals(cfg.tray)) {
            return;
        }
        if (history == null) {
            System.err.println("siphint: no tray icon (reports are off, and its menu lists their findings)");
            return;
        }
        String os = System.getProperty("os.name");
        Browser browser = Browser.of(cfg.browser, os);
        Tray.Actions actions = new Tray.Actions() {
            @Override
            public void openReport(History.Entry entry) {
                // only a report file name siphint writes: the history file is on disk, and could be edited
                Path report = entry.report() == null || !ReportNames.FILE.matcher(entry.report()).matches() ? null
                        : history.directory().resolve(entry.report());
                open(report != null && Files.isRegularFile(report) ? report : history.page());
            }

            @Override
            public void openHistory() {
                open(history.page());
            }

            @Override
            public void checkSetup() {
                DoctorCommand doctor = new DoctorCommand();
                doctor.config = configFile;
                doctor.rules = new RuleOptions();
                doctor.rules.rulesDir = rules.rulesDir;
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
                doctor.report(out, DoctorCommand.notifierLine(choice));
                out.println("tray:     an icon in the notification area (this one)");
                try {
                    open(SetupPage.write(history.directory(), text.toString(StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    System.err.println("siphint: could not write the setup check: " + e.getMessage());
                }
            }

            @Override
            public void quit() {
                System.err.println("siphint: quit from the tray icon");
                watcher.stop();
            }

            @Override
            public void note(String line) {
                System.err.println(line);
            }

            private void open(Path page) {
                try {
                    if (!Files.exists(page) && page.equals(history.page())) {
                        history.writePage();
                    }
                    browser.open(page);
                } catch (IOException e) {
                    System.err.println("siphint: could not open " + page + " with " + browser + ": " + e.getMessage());
                }
            }
        };
        Tray.start(System.getenv(), os, history, pause, actions, why -> System.err.println(why == null
                ? "siphint: tray icon shown" : "siphint: no tray icon (" + why + ")"), handle);
    }

    /** Says once for each watched log that holds no SIP message for a day (a thread of its own). */
    private ScheduledExecutorService startQuietLogs(List<LogSource> sources, Platform platform) {
        QuietLogs quiet = new QuietLogs(sources, WatchConfig.duration(first(quietNote, "1d")), Clock.systemUTC(), platform);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "siphint-quiet-logs");
            t.setDaemon(true);
            return t;
        });
        long every = quiet.interval().toMillis();
        timer.scheduleWithFixedDelay(() -> quiet.check(System.err::println), every, every, TimeUnit.MILLISECONDS);
        return timer;
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
