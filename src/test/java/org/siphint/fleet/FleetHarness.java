package org.siphint.fleet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kie.api.KieBase;
import org.siphint.event.EventJson;
import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.event.MediaReport;
import org.siphint.event.Role;
import org.siphint.event.SipMessage;
import org.siphint.finding.Finding;
import org.siphint.finding.FindingFactory;
import org.siphint.finding.FindingSink;
import org.siphint.pipeline.Pipeline;
import org.siphint.pipeline.Replay;
import org.siphint.pipeline.RuleSetup;
import org.siphint.source.LogSource;

/** What the fleet's tests share: settings for a broker, shipped rules, sample events moved to the present. */
final class FleetHarness {

    private static KieBase rules;
    private static FindingFactory wording;

    private FleetHarness() {
    }

    static synchronized Function<FindingSink, Pipeline> pipelines() throws Exception {
        if (rules == null) {
            RuleSetup setup = RuleSetup.shipped();
            rules = setup.compile();
            wording = new FindingFactory(setup.catalog());
        }
        return sink -> new Pipeline(rules, wording, List.of(sink));
    }

    /** Pipelines as a desktop daemon has them: an id shown once stays shown (state kept in {@code stateDir}). */
    static Function<FindingSink, Pipeline> pipelinesRemembering(Path stateDir) throws Exception {
        pipelines();
        return sink -> new Pipeline(rules, wording, List.of(sink), org.siphint.finding.ShownFindings.load(stateDir));
    }

    static KafkaSettings settings(KafkaBroker broker, String host, String topicSuffix, int partitions) {
        KafkaSettings s = new KafkaSettings();
        s.bootstrap = broker.bootstrap();
        s.host = host;
        s.factsTopic = "facts-" + topicSuffix;
        s.findingsTopic = "findings-" + topicSuffix;
        s.group = "central-" + topicSuffix;
        s.partitions = partitions;
        return s.validated();
    }

    static KafkaProducer<String, byte[]> producer(KafkaSettings s) {
        Properties p = new Properties();
        p.put("bootstrap.servers", s.bootstrap);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "0");
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** The events of sample logs, read as one timeline, with times moved so that the last is {@code agoMillis} before now. */
    static List<LogEvent> eventsEndingAgo(List<LogSource> sources, long agoMillis) throws IOException {
        List<LogEvent> events = new ArrayList<>();
        new Replay(ZoneOffset.UTC).read(sources, events::addAll);
        if (events.isEmpty()) {
            return events;
        }
        long last = events.get(events.size() - 1).getTimestamp();
        long shift = System.currentTimeMillis() - agoMillis - last;
        List<LogEvent> moved = new ArrayList<>(events.size());
        EventJson.Relabel relabel = new EventJson.Relabel(null, -shift);
        for (LogEvent e : events) {
            moved.add(moved(e, relabel));
        }
        return moved;
    }

    /** An event with its times moved ({@code relabel}'s shift is subtracted), by the wire format's own code. */
    static LogEvent moved(LogEvent e, EventJson.Relabel relabel) {
        if (e instanceof SipMessage m) {
            return EventJson.message(EventJson.message(m), relabel);
        }
        if (e instanceof MediaReport r) {
            return EventJson.media(EventJson.media(r), relabel);
        }
        if (e instanceof LogNotice n) {
            return EventJson.notice(EventJson.notice(n), relabel);
        }
        throw new IllegalArgumentException(e.toString());
    }

    /** The findings a single machine makes of the same events: what the fleet must agree with. */
    static List<Finding> locally(List<LogEvent> events) throws Exception {
        List<Finding> found = Collections.synchronizedList(new ArrayList<>());
        try (Pipeline p = pipelines().apply(found::add)) {
            for (LogEvent e : events) {
                p.accept(e);
            }
            p.advanceTo(System.currentTimeMillis());
        }
        return found;
    }

    static List<LogEvent> ofRole(List<LogEvent> events, Role role) {
        return events.stream().filter(e -> e.getRole() == role).toList();
    }

    /**
     * A PBX/phone pair of {@code sample-logs/correlated/}: the phone's log gives times of day only, and
     * takes its date from the file's modification time, so the copies are dated the PBX log's day.
     */
    static List<LogSource> correlatedPair(String name, Path into) throws IOException {
        Path from = Path.of("sample-logs/correlated", name);
        Path dir = java.nio.file.Files.createDirectories(into.resolve(name));
        List<LogSource> sources = new ArrayList<>();
        for (String file : List.of("pbx.log", "softphone.log")) {
            Path copy = java.nio.file.Files.copy(from.resolve(file), dir.resolve(file),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            java.nio.file.Files.setLastModifiedTime(copy,
                    java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2026-03-04T12:00:00Z")));
            sources.add(new LogSource(copy, file.startsWith("pbx") ? Role.PBX : Role.SOFTPHONE, null));
        }
        return sources;
    }

    /**
     * A scenario of the lab's recordings ({@code sample-logs/lab/NAME}): Kamailio's sipdump and
     * baresip's log. baresip 1.0 writes no time, so its lines take the file's modification time:
     * the copy is dated at the last time of Kamailio's file, as if the two were recorded together.
     */
    static List<LogSource> labPair(String name, Path into) throws IOException {
        Path from = Path.of("sample-logs/lab", name);
        Path dir = java.nio.file.Files.createDirectories(into.resolve("lab-" + name));
        Path pbx = java.nio.file.Files.copy(from.resolve("kamailio-sipdump.log"), dir.resolve("kamailio-sipdump.log"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path phone = java.nio.file.Files.copy(from.resolve("baresip.log"), dir.resolve("baresip.log"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        double last = 0;
        for (String line : java.nio.file.Files.readAllLines(pbx, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("time: ")) {
                last = Math.max(last, Double.parseDouble(line.substring(6).trim()));
            }
        }
        java.nio.file.Files.setLastModifiedTime(phone, java.nio.file.attribute.FileTime.fromMillis((long) (last * 1000)));
        return List.of(new LogSource(pbx, Role.PBX, null), new LogSource(phone, Role.SOFTPHONE, null));
    }

    static Clock skewed(Duration skew) {
        return Clock.offset(Clock.systemUTC(), skew);
    }

    static Map<String, Object> none() {
        return Map.of();
    }

    static Path samples() {
        return Path.of("sample-logs");
    }
}
