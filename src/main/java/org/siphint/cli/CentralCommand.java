package org.siphint.cli;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.kie.api.KieBase;
import org.siphint.engine.RuleCompileException;
import org.siphint.finding.CatalogException;
import org.siphint.finding.ConsoleSink;
import org.siphint.finding.FindingFactory;
import org.siphint.finding.FindingSink;
import org.siphint.finding.JsonLinesSink;
import org.siphint.fleet.CentralWorker;
import org.siphint.fleet.KafkaSettings;
import org.siphint.fleet.Topics;
import org.siphint.metrics.MetricsServer;
import org.siphint.pipeline.Pipeline;
import org.siphint.pipeline.RuleSetup;
import org.siphint.source.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code siphint central}: one worker of the fleet's consumer group, running the rules on its partitions. */
@Command(name = "central", mixinStandardHelpOptions = true,
        description = {"Run the rules on the facts the agents publish ('kafka:' in the config), as one worker of",
                "the consumer group, and publish the findings, keyed by account, for the desktops.",
                "Start as many workers as the facts topic has partitions to share the load."})
final class CentralCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "YAML configuration with 'kafka:'.")
    Path config;

    @Option(names = "--json", paramLabel = "FILE", description = "Also append every finding to this file as JSON lines.")
    Path json;

    @Option(names = "--instance", paramLabel = "ID",
            description = "This worker's own id in the group (overrides kafka.instance): restarted, it takes its partitions back at once.")
    String instance;

    @Option(names = "--quiet", description = "Do not print findings on standard output.")
    boolean quiet;

    @Option(names = "--duration", paramLabel = "DURATION", hidden = true, description = "Stop after this long (for tests).")
    String duration;

    @Mixin
    RuleOptions rules;

    @Override
    public Integer call() throws Exception {
        WatchConfig cfg = WatchConfig.load(config);
        if (cfg.kafka == null) {
            System.err.println("siphint central: " + config + " has no 'kafka:' section");
            return ExitCodes.USAGE;
        }
        KafkaSettings kafka;
        try {
            if (instance != null) {
                cfg.kafka.instance = instance;
            }
            kafka = cfg.kafka.validated();
        } catch (IllegalArgumentException e) {
            System.err.println("siphint central: " + config + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (rules.rulesDir == null && cfg.rules != null) {
            rules.rulesDir = Platform.current().expand(cfg.rules);
        }
        rules.disabledRules.addAll(cfg.disableRules);
        KieBase base;
        FindingFactory wording;
        try {
            RuleSetup setup = rules.setup();
            base = setup.compile();
            wording = new FindingFactory(setup.catalog());
        } catch (RuleCompileException | CatalogException e) {
            System.err.println("siphint central: the rules do not compile:");
            System.err.println(e.getMessage());
            return ExitCodes.FAILURE;
        }
        Admin admin;
        try {
            admin = Admin.of(cfg);
        } catch (IllegalArgumentException e) {
            System.err.println("siphint central: " + config + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        List<FindingSink> sinks = new ArrayList<>(admin.sinks(ZoneId.systemDefault()));
        if (!quiet) {
            sinks.add(new ConsoleSink(System.out));
        }
        java.io.OutputStream jsonOut = null;
        if (json != null) {
            jsonOut = new java.io.FileOutputStream(json.toFile(), true);
            sinks.add(new JsonLinesSink(jsonOut));
        }
        Topics.ensure(kafka, 10_000);
        CountDownLatch closed = new CountDownLatch(1);
        MetricsServer metricsServer;
        try {
            metricsServer = admin.serveMetrics();
        } catch (java.io.IOException e) {
            System.err.println("siphint central: " + e.getMessage());
            sinks.forEach(FindingSink::close);
            return ExitCodes.FAILURE;
        }
        try (metricsServer;
             CentralWorker worker = new CentralWorker(kafka, publish -> new Pipeline(base, wording, List.of(publish)), sinks)) {
            if (admin.metrics() != null) {
                worker.countInto(admin.metrics());
            }
            if (metricsServer != null) {
                System.err.println("siphint central: metrics at " + metricsServer.url());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                worker.stop();
                try {
                    closed.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "siphint-stop"));
            if (duration != null) {
                long millis = WatchConfig.duration(duration).toMillis();
                Thread timer = new Thread(() -> {
                    try {
                        Thread.sleep(millis);
                    } catch (InterruptedException e) {
                        return;
                    }
                    worker.stop();
                }, "siphint-deadline");
                timer.setDaemon(true);
                timer.start();
            }
            System.err.println("siphint central: worker in group " + kafka.group + " reading " + kafka.factsTopic
                    + " at " + kafka.bootstrap);
            worker.run();
            System.err.println("siphint central: " + worker.factsIn() + " fact(s) in, " + worker.findingsOut()
                    + " finding(s) out, " + worker.dropped() + " dropped");
        } finally {
            sinks.forEach(FindingSink::close);
            closed.countDown();
            if (jsonOut != null) {
                jsonOut.close();
            }
        }
        return ExitCodes.OK;
    }
}
