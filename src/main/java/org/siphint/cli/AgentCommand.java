package org.siphint.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.siphint.event.Role;
import org.siphint.fleet.ClockProbe;
import org.siphint.fleet.FactPublisher;
import org.siphint.fleet.KafkaSettings;
import org.siphint.fleet.Topics;
import org.siphint.hep.HepListen;
import org.siphint.hep.HepReceiver;
import org.siphint.metrics.MetricsServer;
import org.siphint.pipeline.Watcher;
import org.siphint.source.LogSource;
import org.siphint.source.Platform;
import org.siphint.source.OffsetRegistry;
import org.siphint.source.TailedFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code siphint agent}: follows this machine's logs and publishes their facts to the fleet's Kafka. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Follow this machine's logs (and HEP, where configured) and publish their transactions, calls,",
                "registrations, media reports and notices to Kafka for the central workers ('kafka:' in the config).",
                "Reading pauses while the broker is away; nothing read is lost."})
final class AgentCommand implements Callable<Integer> {

    /** How often the clock offset to the broker is measured again. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(60);
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Log files to follow.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "YAML configuration with 'kafka:' (and 'logs:', 'hep:').")
    Path config;

    @Option(names = "--role", paramLabel = "ROLE", converter = RoleConverter.class,
            description = "Role of the files given as arguments: softphone or pbx.")
    Role role;

    @Option(names = "--dialect", paramLabel = "ID", description = "Log format of the files given as arguments.")
    String dialect;

    @Option(names = "--from-start", description = "Publish what the files already hold (default: only new lines).")
    boolean fromStart;

    @Option(names = "--state", paramLabel = "DIR", description = "Folder for resume points (default: the user's state folder).")
    Path state;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of the logs (default: this machine's).")
    ZoneId zone = ZoneId.systemDefault();

    @Option(names = "--duration", paramLabel = "DURATION", hidden = true, description = "Stop after this long (for tests).")
    String duration;

    @Option(names = "--clock-skew", paramLabel = "DURATION", hidden = true,
            description = "Pretend this machine's clock is off by this much, e.g. -90s (for tests of clock alignment).")
    String clockSkew;

    @Override
    public Integer call() throws Exception {
        WatchConfig cfg = WatchConfig.load(config);
        if (cfg.kafka == null) {
            System.err.println("siphint agent: " + config + " has no 'kafka:' section");
            return ExitCodes.USAGE;
        }
        KafkaSettings kafka;
        try {
            kafka = cfg.kafka.validated();
        } catch (IllegalArgumentException e) {
            System.err.println("siphint agent: " + config + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        WatchCommand sourcesOf = new WatchCommand();
        sourcesOf.files = files;
        sourcesOf.role = role;
        sourcesOf.dialect = dialect;
        List<LogSource> sources = sourcesOf.sources(cfg, Platform.current(), System.err);
        List<HepListen> hep = new ArrayList<>();
        if (cfg.hep != null) {
            for (String uri : cfg.hep.listen) {
                hep.add(HepListen.parse(uri));
            }
        }
        if (sources.isEmpty() && hep.isEmpty()) {
            return ExitCodes.USAGE;
        }
        Clock clock = clockSkew == null ? Clock.systemUTC()
                : Clock.offset(Clock.systemUTC(), signed(clockSkew));
        String host = kafka.hostId();
        if (!Topics.ensure(kafka, 10_000)) {
            System.err.println("siphint agent: the broker at " + kafka.bootstrap + " does not answer yet; publishing when it does");
        }
        Admin admin;
        try {
            admin = Admin.of(cfg);
        } catch (IllegalArgumentException e) {
            System.err.println("siphint agent: " + config + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        MetricsServer metricsServer;
        try {
            metricsServer = admin.serveMetrics();
        } catch (java.io.IOException e) {
            System.err.println("siphint agent: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        if (metricsServer != null) {
            System.err.println("siphint agent: metrics at " + metricsServer.url());
        }
        Properties p = FactPublisher.producerProperties(kafka, host);
        Path stateDir = state != null ? state : cfg.state != null ? Path.of(cfg.state) : StateDir.defaultDir();
        TailedFile.Options options = TailedFile.Options.defaults().withRegistry(OffsetRegistry.load(stateDir.resolve("agent")));
        long deadline = duration == null ? 0 : System.currentTimeMillis() + WatchConfig.duration(duration).toMillis();
        CountDownLatch closed = new CountDownLatch(1);
        // two threads: a probe waiting for an absent broker must not hold up stopping
        ScheduledExecutorService probing = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "siphint-clock-probe");
            t.setDaemon(true);
            return t;
        });
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            ClockProbe probe = new ClockProbe(producer, kafka.factsTopic, host, clock);
            // the first probe runs beside reading: with the broker away a send waits for it, and reading must not
            probing.scheduleWithFixedDelay(() -> probe.probe(3, 5_000), 0,
                    PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            FactPublisher publisher = new FactPublisher(producer, kafka.factsTopic, host, clock, probe);
            if (admin.metrics() != null) {
                publisher.countInto(admin.metrics());
            }
            try (Watcher watcher = new Watcher(publisher, sources, zone, fromStart, options);
                 HepReceiver receiver = hep.isEmpty() ? null
                         : HepReceiver.start(hep, cfg.hep.authKey, watcher.input())) {
                // a send waits while the broker is away; closing the producer wakes it so stopping never hangs.
                // What was not acknowledged is read again at the next start (resume points follow acks only).
                Runnable stop = () -> {
                    watcher.stop();
                    if (!probing.isShutdown()) {
                        probing.schedule(() -> producer.close(Duration.ofSeconds(2)), STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                    }
                };
                if (deadline > 0) {
                    probing.schedule(stop, Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stop.run();
                    try {
                        closed.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "siphint-stop"));
                System.err.println("siphint agent: host " + host + ", publishing " + sources.size()
                        + " file(s) to " + kafka.factsTopic + " at " + kafka.bootstrap
                        + (probe.measured() ? ", clock offset " + probe.offsetMillis() + " ms" : ""));
                watcher.run(deadline);
            } catch (KafkaException e) {
                System.err.println("siphint agent: stopped while the broker at " + kafka.bootstrap
                        + " was away; what it did not acknowledge is read again at the next start");
            }
            producer.close(STOP_GRACE);
            System.err.println("siphint agent: " + publisher.published() + " record(s) published, "
                    + publisher.failed() + " refused");
        } finally {
            if (metricsServer != null) {
                metricsServer.close();
            }
            probing.shutdownNow();
            closed.countDown();
        }
        return ExitCodes.OK;
    }

    private static Duration signed(String text) {
        String t = text.trim();
        return t.startsWith("-") ? WatchConfig.duration(t.substring(1)).negated() : WatchConfig.duration(t);
    }
}
