package org.siphint.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.event.LogEvent;
import org.siphint.event.Role;
import org.siphint.finding.Finding;
import org.siphint.finding.ShownFindings;
import org.siphint.pipeline.Pipeline;
import org.siphint.source.LogSource;

/**
 * Delivery through crashes: while a softphone's agent publishes 240 failed calls, the central
 * worker (the real {@code siphint central} in its own JVM) is killed with SIGKILL ten times, each
 * time a moment after it started, and restarted. The desktop must pop up each call's finding
 * exactly once: none lost (offsets are committed only after the findings are acknowledged; a
 * restarted worker rebuilds its state and goes on from the last commit) and none twice (what was
 * published again after a kill carries the same id, and the desktop shows an id once).
 */
class WorkerKillIT {

    private static final Path JAR = Path.of(System.getProperty("siphint.jar", "target/siphint.jar")).toAbsolutePath();
    private static final int CALLS = 240;
    private static final int USERS = 8;
    private static final int KILLS = 10;

    @TempDir
    static Path dir;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(dir.resolve("broker"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void tenKillsOfTheCentralWorkerLoseNoFindingAndPopNoneTwice() throws Exception {
        List<LogEvent> events = FleetHarness.eventsEndingAgo(List.of(
                new LogSource(manyFailedCalls(dir.resolve("phone.log")), Role.SOFTPHONE, null)), 0);
        Set<String> expected = FleetHarness.locally(events).stream().map(ShownFindings::idOf)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(CALLS, expected.size(), "one sip-488 per call on one machine");

        KafkaSettings agentSide = FleetHarness.settings(broker, "desk-phones", "kill", 2);
        assertTrue(Topics.ensure(agentSide, 30_000));
        KafkaSettings desktopSide = FleetHarness.settings(broker, "desk-phones", "kill", 2);
        for (int u = 0; u < USERS; u++) {
            desktopSide.accounts.add("sip:user" + u + "@pbx.example.com");
        }
        Path config = dir.resolve("central.yml");
        Files.writeString(config, "kafka:\n"
                + "  bootstrap: \"" + broker.bootstrap() + "\"\n"
                + "  host: central1\n"
                + "  instance: worker-1\n"
                + "  factsTopic: " + agentSide.factsTopic + "\n"
                + "  findingsTopic: " + agentSide.findingsTopic + "\n"
                + "  group: " + agentSide.group + "\n"
                + "  partitions: 2\n");

        // the desktop: the fleet's findings through the same dedupe a desktop daemon uses
        List<String> popped = Collections.synchronizedList(new ArrayList<>());
        Pipeline desk = FleetHarness.pipelinesRemembering(dir.resolve("desk-state"))
                .apply(f -> popped.add(ShownFindings.idOf(f)));
        FindingSubscriber desktop = new FindingSubscriber(desktopSide, dir.resolve("desk-state"), Duration.ofMinutes(10),
                f -> {
                    synchronized (desk) {
                        desk.reportFromElsewhere(f);
                    }
                });
        Thread desktopThread = new Thread(desktop, "desktop");
        desktopThread.start();

        CentralProcess central = new CentralProcess(config, dir.resolve("central-logs"));
        central.start();
        assertTrue(central.awaitWorking(60_000), "the worker starts: " + central.log());
        Random random = new Random(20261205);
        int kills = 0;
        try (KafkaProducer<String, byte[]> producer = FleetHarness.producer(agentSide)) {
            FactPublisher agent = new FactPublisher(producer, agentSide.factsTopic, "desk-phones", Clock.systemUTC(), null);
            Thread.sleep(2000); // the desktop has its positions before the first finding can exist
            int batches = 24;
            int perBatch = (events.size() + batches - 1) / batches;
            long nextKill = System.currentTimeMillis() + 1000 + random.nextInt(2000);
            for (int b = 0; b < batches; b++) {
                for (LogEvent e : events.subList(Math.min(events.size(), b * perBatch),
                        Math.min(events.size(), (b + 1) * perBatch))) {
                    agent.accept(e);
                }
                agent.advanceTo(System.currentTimeMillis());
                producer.flush();
                long pause = System.currentTimeMillis() + 2000;
                while (System.currentTimeMillis() < pause) {
                    if (kills < KILLS && System.currentTimeMillis() >= nextKill && central.running()) {
                        central.kill();
                        kills++;
                        central.start();
                        assertTrue(central.awaitWorking(60_000), "the restarted worker reads again: " + central.log());
                        nextKill = System.currentTimeMillis() + 1000 + random.nextInt(2000);
                    }
                    Thread.sleep(50);
                }
            }
            // the kills that did not fit in the publishing time, on a stream that is still being worked off
            while (kills < KILLS) {
                central.kill();
                kills++;
                central.start();
                assertTrue(central.awaitWorking(60_000), "the restarted worker reads again: " + central.log());
                Thread.sleep(1000 + random.nextInt(2000));
            }
            long deadline = System.currentTimeMillis() + 90_000;
            while (new TreeSet<>(popped).size() < expected.size() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(3000); // a duplicate would arrive now
        } finally {
            central.stop();
            desktop.stop();
            desktopThread.join(10_000);
            desk.close();
        }
        assertEquals(KILLS, kills);

        Map<String, Integer> times = new HashMap<>();
        popped.forEach(id -> times.merge(id, 1, Integer::sum));
        List<String> twice = times.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        assertEquals(List.of(), twice, "findings popped up more than once");
        Set<String> lost = new TreeSet<>(expected);
        lost.removeAll(times.keySet());
        assertEquals(Set.of(), lost, "findings never popped up (of " + expected.size() + ")");
        assertEquals(expected, new TreeSet<>(times.keySet()));
        int published = publishedFindings(agentSide);
        System.out.println("WorkerKillIT: " + kills + " kills, " + expected.size() + " findings, " + published
                + " finding records on the topic (" + (published - expected.size()) + " published again after a kill),"
                + " " + popped.size() + " pop-ups");
        assertTrue(published >= expected.size());
    }

    /** A pjsip softphone log of {@value #CALLS} calls from {@value #USERS} accounts, each refused with 488, 250 ms apart. */
    static Path manyFailedCalls(Path file) throws IOException {
        List<String> sample = Files.readAllLines(Path.of("sample-logs/pjsip/call-not-acceptable.log"), StandardCharsets.UTF_8);
        int first = indexOf(sample, "Making call");
        int last = indexOf(sample, "is DISCONNECTED");
        StringBuilder log = new StringBuilder();
        sample.subList(0, first).forEach(l -> log.append(l).append('\n'));
        DateTimeFormatter hms = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
        Pattern stamp = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3})");
        for (int i = 0; i < CALLS; i++) {
            long shift = 250L * i;
            for (String line : sample.subList(first, last + 1)) {
                Matcher m = stamp.matcher(line);
                if (m.find()) {
                    line = LocalTime.parse(m.group(1), hms).plusNanos(TimeUnit.MILLISECONDS.toNanos(shift)).format(hms)
                            + line.substring(m.end());
                }
                line = line.replace("ae530282bd36cb9d21f6be6abf0d7c1c", String.format("kill-%04d-530282bd36cb9d", i))
                        .replace("47aaeb26-c57d-21fa-5d32-8263dfe574de", String.format("47aaeb26-c57d-21fa-5d32-%012d", i))
                        .replace("1e21862ab8a18a8902073fec8df4f509", String.format("1e21862ab8a18a89%016d", i))
                        .replace("alice@", "user" + (i % USERS) + "@")
                        .replace("cseq=2210", "cseq=" + (3000 + i)).replace("CSeq: 2210", "CSeq: " + (3000 + i));
                log.append(line).append('\n');
            }
        }
        Files.writeString(file, log, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2026-03-04T12:00:00Z")));
        return file;
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new IllegalStateException("the sample has no line with " + text);
    }

    /** The finding records on the findings topic, read from its start. */
    private static int publishedFindings(KafkaSettings s) {
        Properties p = new Properties();
        p.put("bootstrap.servers", s.bootstrap);
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = List.of(new TopicPartition(s.findingsTopic, 0), new TopicPartition(s.findingsTopic, 1));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            int n = 0;
            long deadline = System.currentTimeMillis() + 30_000;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    n++;
                }
            }
            return n;
        }
    }

    /** {@code siphint central} from the packaged jar, in a JVM of its own so that SIGKILL is a real crash. */
    private static final class CentralProcess {
        private final Path config;
        private final Path logs;
        private Process process;
        private Path log;
        private int runs;

        CentralProcess(Path config, Path logs) throws IOException {
            this.config = config;
            this.logs = Files.createDirectories(logs);
        }

        void start() throws IOException {
            log = logs.resolve("run-" + (++runs) + ".log");
            process = new ProcessBuilder("java", "-Xmx256m", "-XX:+UseSerialGC", "-jar", JAR.toString(),
                    "central", "--config", config.toString(), "--quiet")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        }

        boolean running() {
            return process != null && process.isAlive();
        }

        /** Whether the worker holds its partitions (it logs each one it takes) within {@code millis}. */
        boolean awaitWorking(long millis) throws IOException, InterruptedException {
            long deadline = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < deadline) {
                if (Files.exists(log) && Files.readString(log).contains("reporting from")) {
                    return true;
                }
                if (!process.isAlive()) {
                    return false;
                }
                Thread.sleep(100);
            }
            return false;
        }

        String log() throws IOException {
            return Files.exists(log) ? Files.readString(log) : "(no output)";
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no last commit
            process.waitFor(10, TimeUnit.SECONDS);
        }

        void stop() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
