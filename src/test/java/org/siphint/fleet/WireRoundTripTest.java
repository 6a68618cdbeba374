package org.siphint.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.siphint.event.LogEvent;
import org.siphint.event.Role;
import org.siphint.finding.Finding;
import org.siphint.pipeline.Pipeline;
import org.siphint.source.LogSource;

/**
 * The wire format without a broker: what agents publish, read back by one worker's fact reader, gives
 * the findings one machine gives for the same logs.
 */
class WireRoundTripTest {

    @org.junit.jupiter.api.io.TempDir
    Path dir;

    @Test
    void aPbxAndPhonePairGivesTheSameFindingsThroughTheWireFormat() throws Exception {
        assertSame(FleetHarness.correlatedPair("invite-never-reaches-phone", dir));
    }

    @Test
    void singleLogSamplesGiveTheSameFindingsThroughTheWireFormat() throws Exception {
        for (String sample : List.of("asterisk/call-not-acceptable.log", "asterisk/call-ack-lost.log", "pjsip/register-wrong-password.log",
                "asterisk/invite-unanswered-by-phone.log", "sipdump/call-forwarded-invite-too-large.log",
                "asterisk/trunk-call-not-found-for-phone.log", "freeswitch/trunk-call-not-found-for-phone.log")) {
            Path log = Path.of("sample-logs", sample);
            org.junit.jupiter.api.Assertions.assertTrue(log.toFile().isFile(), log + " exists");
            assertSame(List.of(new LogSource(log, null, null)));
        }
    }

    private static void assertSame(List<LogSource> sources) throws Exception {
        List<LogEvent> events = FleetHarness.eventsEndingAgo(sources, 60_000);
        List<Finding> expected = FleetHarness.locally(events);
        assertFalse(expected.isEmpty(), "the sample gives a finding on one machine: " + sources);
        assertEquals(summary(expected), summary(throughTheWire(events)), sources.toString());
    }

    static List<Finding> throughTheWire(List<LogEvent> events) throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        FactPublisher pbx = new FactPublisher(producer, "facts", "pbx1", Clock.systemUTC(), null);
        FactPublisher phone = new FactPublisher(producer, "facts", "desk1", Clock.systemUTC(), null);
        for (LogEvent e : events) {
            (e.getRole() == Role.SOFTPHONE ? phone : pbx).accept(e);
        }
        pbx.advanceTo(System.currentTimeMillis());
        phone.advanceTo(System.currentTimeMillis());
        List<Finding> found = Collections.synchronizedList(new ArrayList<>());
        try (Pipeline pipeline = FleetHarness.pipelines().apply(found::add)) {
            FactReader reader = new FactReader(pipeline);
            for (ProducerRecord<String, byte[]> r : producer.history()) {
                reader.read(r.value(), true, System.currentTimeMillis());
            }
            pipeline.advanceTo(System.currentTimeMillis() + 60_000);
        }
        return found;
    }

    private static Set<String> summary(List<Finding> findings) {
        return findings.stream().map(f -> f.situation() + " " + f.cause() + " " + f.callId() + " "
                + PartitionKeys.ofAccount(f.account())).collect(Collectors.toSet());
    }
}
