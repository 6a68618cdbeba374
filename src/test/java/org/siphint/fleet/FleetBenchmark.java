package org.siphint.fleet;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.siphint.bench.LogGenerator;
import org.siphint.event.Role;
import org.siphint.pipeline.Replay;
import org.siphint.pipeline.Watcher;
import org.siphint.source.LogSource;

/**
 * The fleet's figures on one machine, one broker (in this JVM, KRaft), side by side:
 * <ol>
 * <li>agent: a generated Asterisk chan_pjsip log (calls spread over 64 accounts) through the
 *     transaction layer to the facts topic (2 partitions): MB/s and records/s;</li>
 * <li>central: one worker reading all of it, then two workers in a new group on the same records:
 *     records/s and facts/s into the rules, from the first record read to the last offset committed;</li>
 * <li>latency: a PBX log growing by one refused call every {@code interval} ms, tailed by an agent,
 *     one central worker, and the desktop of the caller's account: from the write of the call's
 *     lines to the finding at the desktop, p50, p99 and max.</li>
 * </ol>
 * Run after {@code mvn package -DskipTests && mvn test-compile}, with the test classpath
 * (the broker's classes are test dependencies):
 * <pre>
 * mvn -q dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat target/test.classpath) org.siphint.fleet.FleetBenchmark 64 200 300
 * </pre>
 * Arguments: MB of log for the throughput phases, calls and milliseconds between calls for the latency phase.
 */
public final class FleetBenchmark {

    private static final DateTimeFormatter ASTERISK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String SAMPLE_CALL_ID = "f50947aaeb26c57d21fa5d";

    private FleetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long mb = args.length > 0 ? Long.parseLong(args[0]) : 64;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long interval = args.length > 2 ? Long.parseLong(args[2]) : 300;
        Path dir = Files.createTempDirectory("siphint-fleet-bench");
        System.out.printf("Java %s, %d cores, max heap %d MB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        // Kafka's default initial rebalance delay: two workers started together share the partitions
        // from the start. Without it the first took both, read nearly all, and after the hand-over
        // both rebuilt their partitions' last 11 minutes, which here is every record (0.5x one worker).
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"), 3_000)) {
            throughput(broker, dir, mb);
            latency(broker, dir, calls, interval);
        }
        System.exit(0); // the broker's and clients' threads
    }

    private static void throughput(KafkaBroker broker, Path dir, long mb) throws Exception {
        Path log = dir.resolve("pbx-generated.log");
        LogGenerator.Written written;
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), 1 << 16)) {
            written = LogGenerator.write(w, mb << 20, Long.MAX_VALUE, 64, (n, sofar) -> {
            });
        }
        long bytes = Files.size(log);
        System.out.printf("log: %.1f MB, %,d lines, %,d calls (%,d refused with 488)%n", bytes / 1e6, written.lines(),
                written.calls(), written.refused488());

        KafkaSettings s = FleetHarness.settings(broker, "pbx1", "bench", 2);
        Topics.ensure(s, 30_000);
        long t0 = System.nanoTime();
        long records;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(agentProducer(s))) {
            FactPublisher agent = new FactPublisher(producer, s.factsTopic, "pbx1", Clock.systemUTC(), null);
            AtomicLong last = new AtomicLong();
            new Replay(ZoneOffset.UTC).read(List.of(new LogSource(log, Role.PBX, null)), batch -> batch.forEach(e -> {
                agent.accept(e);
                last.set(e.getTimestamp());
            }));
            agent.advanceTo(last.get() + 15 * 60_000L); // every timer runs out, every unit is published
            producer.flush();
            records = agent.published();
        }
        double agentSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("agent: %.1f s, %.1f MB/s of log, %,d records published (%,.0f records/s, %.0f a MB)%n",
                agentSeconds, bytes / 1e6 / agentSeconds, records, records / agentSeconds, records / (bytes / 1e6));

        // one worker twice, before and after the two: the first run also warms the JVM
        Result first = central(broker, "one", 1);
        Result two = central(broker, "two", 2);
        Result again = central(broker, "one-again", 1);
        System.out.printf("central, 1 worker, first run (cold JVM): %.2f s, %,.0f records/s%n", first.seconds,
                first.records / first.seconds);
        Result one = again.seconds < first.seconds ? again : first;
        System.out.printf("central, 1 worker: %.2f s, %,.0f records/s, %,.0f facts/s into the rules (%,d facts, %d findings)%n",
                one.seconds, one.records / one.seconds, one.facts / one.seconds, one.facts, one.findings);
        System.out.printf("central, 2 workers: %.2f s, %,.0f records/s, %,.0f facts/s (%,d facts, %d findings): %.2fx one worker%n",
                two.seconds, two.records / two.seconds, two.facts / two.seconds, two.facts, two.findings,
                one.seconds / two.seconds);
    }

    private record Result(double seconds, long records, long facts, long findings) {
    }

    /** {@code workers} central workers in a new group read the facts topic from its start to its end. */
    private static Result central(KafkaBroker broker, String group, int workers) throws Exception {
        KafkaSettings s = FleetHarness.settings(broker, "central", "bench", 2);
        s.group = "bench-" + group;
        s.findingsTopic = "findings-bench-" + group;
        List<org.siphint.finding.Finding> found = Collections.synchronizedList(new ArrayList<>());
        List<CentralWorker> list = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            CentralWorker w = new CentralWorker(s, FleetHarness.pipelines(), List.of(found::add));
            list.add(w);
            Thread t = new Thread(w, "central-" + group + "-" + i);
            threads.add(t);
        }
        Map<TopicPartition, Long> end;
        Properties ap = new Properties();
        ap.put("bootstrap.servers", s.bootstrap);
        try (Admin admin = Admin.create(ap)) {
            List<TopicPartition> parts = List.of(new TopicPartition(s.factsTopic, 0), new TopicPartition(s.factsTopic, 1));
            end = new java.util.HashMap<>();
            for (var e : admin.listOffsets(Map.of(parts.get(0), org.apache.kafka.clients.admin.OffsetSpec.latest(),
                    parts.get(1), org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get().entrySet()) {
                end.put(e.getKey(), e.getValue().offset());
            }
            threads.forEach(Thread::start);
            long deadline = System.currentTimeMillis() + 30 * 60_000L;
            long started = 0;
            while (started == 0 && System.currentTimeMillis() < deadline) {
                if (list.stream().mapToLong(CentralWorker::factsIn).sum() > 0) {
                    started = System.nanoTime();
                }
                Thread.sleep(2);
            }
            while (System.currentTimeMillis() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(s.group)
                        .partitionsToOffsetAndMetadata().get();
                boolean done = end.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue());
                if (done) {
                    break;
                }
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long facts = list.stream().mapToLong(CentralWorker::factsIn).sum();
            long findings = list.stream().mapToLong(CentralWorker::findingsOut).sum();
            list.forEach(CentralWorker::stop);
            for (Thread t : threads) {
                t.join(10_000);
            }
            System.out.println("  findings of " + group + ": " + new java.util.TreeMap<>(found.stream().collect(
                    java.util.stream.Collectors.groupingBy(f -> f.situation() + "/" + f.cause() + "/" + f.severity(),
                            java.util.stream.Collectors.counting()))));
            return new Result(seconds, end.values().stream().mapToLong(Long::longValue).sum(), facts, findings);
        }
    }

    private static void latency(KafkaBroker broker, Path dir, int calls, long interval) throws Exception {
        KafkaSettings pbx = FleetHarness.settings(broker, "pbx1", "latency", 2);
        Topics.ensure(pbx, 30_000);
        KafkaSettings desk = FleetHarness.settings(broker, "desk-1001", "latency", 2);
        desk.accounts = List.of("sip:1001@pbx.example.com"); // the caller, whose call the PBX refused
        List<String> sample = Files.readAllLines(Path.of("sample-logs/asterisk/call-not-acceptable.log"), StandardCharsets.UTF_8);
        int first = 0;
        while (!sample.get(first).contains("<--- ")) {
            first++;
        }
        String banner = String.join("\n", sample.subList(0, first)) + "\n";
        String call = String.join("\n", sample.subList(first, sample.size())) + "\n";
        Path log = dir.resolve("pbx-live.log");
        Files.writeString(log, banner.replaceAll("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d]",
                "[" + ASTERISK.format(LocalDateTime.now(ZoneOffset.UTC)) + "]"));

        Map<String, Long> writtenAt = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        CentralWorker worker = new CentralWorker(pbx, FleetHarness.pipelines(), List.of());
        FindingSubscriber desktop = new FindingSubscriber(desk, dir.resolve("desk"), java.time.Duration.ofMinutes(10), f -> {
            Long at = writtenAt.remove(String.valueOf(f.callId()));
            if (at != null) {
                latencies.add((System.nanoTime() - at) / 1_000_000);
            }
        });
        Thread w = new Thread(worker, "central");
        Thread d = new Thread(desktop, "desktop");
        w.start();
        d.start();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(agentProducer(pbx));
             Watcher agent = new Watcher(new FactPublisher(producer, pbx.factsTopic, "pbx1", Clock.systemUTC(), null),
                     List.of(new LogSource(log, Role.PBX, null)), ZoneOffset.UTC, true)) {
            Thread a = new Thread(() -> agent.run(0), "agent");
            a.start();
            Thread.sleep(5000); // the worker holds its partitions, the desktop knows its positions
            Pattern stamp = Pattern.compile("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d]");
            for (int i = 0; i < calls; i++) {
                String id = "lat" + i + "-" + SAMPLE_CALL_ID;
                Matcher m = stamp.matcher(call.replace(SAMPLE_CALL_ID, id));
                String text = m.replaceAll("[" + ASTERISK.format(LocalDateTime.now(ZoneOffset.UTC)) + "]");
                writtenAt.put(id, System.nanoTime());
                Files.writeString(log, text, StandardOpenOption.APPEND);
                Thread.sleep(interval);
            }
            long deadline = System.currentTimeMillis() + 30_000;
            while (latencies.size() < calls && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            agent.stop();
            a.join(10_000);
        } finally {
            worker.stop();
            desktop.stop();
            w.join(10_000);
            d.join(10_000);
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println("latency: no finding reached the desktop");
            return;
        }
        System.out.printf("latency, PBX log line written to finding at the desktop (%d of %d calls, one every %d ms):"
                        + " p50 %d ms, p99 %d ms, max %d ms%n", sorted.size(), calls, interval,
                sorted.get(sorted.size() / 2), sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)),
                sorted.get(sorted.size() - 1));
    }

    private static Properties agentProducer(KafkaSettings s) {
        return FactPublisher.producerProperties(s, s.hostId());
    }
}
