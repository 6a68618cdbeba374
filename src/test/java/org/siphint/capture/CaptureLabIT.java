package org.siphint.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.siphint.TestTools;
import org.siphint.TestRules;
import org.siphint.event.LogEvent;
import org.siphint.finding.Finding;
import org.siphint.finding.FindingFactory;
import org.siphint.hep.HepListen;
import org.siphint.hep.HepReceiver;
import org.siphint.pipeline.Pipeline;

/**
 * One call through a real Kamailio, seen three ways ({@code src/test/capture/hep-lab.sh}): the
 * packets tcpdump captured, the HEP v3 that Kamailio's siptrace mirrored to siphint's receiver, and
 * Kamailio's sipdump log. All three must give the same findings: the 488 of the far end, on the
 * same call, and nothing else.
 */
class CaptureLabIT {

    private static final Path SCRIPT = Path.of("src/test/capture/hep-lab.sh");

    @Test
    void captureHepAndLogOfOneCallGiveTheSameFindings() throws Exception {
        for (String tool : List.of("tcpdump", "sipp", "kamailio")) {
            Assumptions.assumeTrue(TestTools.onPath(tool), tool + " is not installed (see .ci/run)");
        }
        Path out = Files.createDirectories(Path.of("target/capture-lab"));
        List<LogEvent> hepEvents = Collections.synchronizedList(new ArrayList<>());
        int base = freeBase();
        List<Finding> fromHep = new ArrayList<>();
        try (HepReceiver receiver = HepReceiver.start(List.of(HepListen.parse("udp://127.0.0.1:0")), null, hepEvents::add)) {
            int hepPort = java.net.URI.create(receiver.addresses().get(0)).getPort();
            Process lab = new ProcessBuilder("bash", SCRIPT.toString(), out.toString(), String.valueOf(hepPort),
                    String.valueOf(base)).redirectErrorStream(true).redirectOutput(out.resolve("hep-lab.txt").toFile()).start();
            if (!lab.waitFor(90, TimeUnit.SECONDS)) {
                lab.destroyForcibly();
                throw new AssertionError("hep-lab.sh ran over 90 s: " + Files.readString(out.resolve("hep-lab.txt")));
            }
            for (int i = 0; i < 50 && receiver.counters().messages.get() < 8; i++) {
                Thread.sleep(100);
            }
            assertEquals(0, receiver.counters().malformed.get(), receiver.counters().toString());
            assertTrue(receiver.counters().messages.get() >= 8, "INVITE, 100, 180, 488, ACK on both legs: " + receiver.counters());
        }
        List<LogEvent> events;
        synchronized (hepEvents) {
            events = new ArrayList<>(hepEvents);
        }
        try (Pipeline pipeline = new Pipeline(TestRules.base(), new FindingFactory(TestRules.catalog()), List.of(fromHep::add))) {
            pipeline.acceptAll(events);
            pipeline.endOfInput();
        }
        List<String> capture = keys(TestRules.replay(null, out.resolve("call.pcap")));
        List<String> log = keys(TestRules.replay(null, out.resolve("kamailio-sipdump.log")));
        List<String> hep = keys(fromHep);
        assertEquals(1, log.size(), "the log's findings: " + log);
        assertTrue(log.get(0).startsWith("sip-488 "), log.toString());
        assertEquals(log, capture, "the capture's findings");
        assertEquals(log, hep, "the HEP stream's findings");
        // the capture and the log together are one timeline: one call, one finding (the two views merged)
        assertEquals(log, keys(TestRules.replay(null, out.resolve("call.pcap"), out.resolve("kamailio-sipdump.log"))),
                "the capture and the log replayed together");
        assertTrue(events.stream().allMatch(e -> e.getFile().equals("hep:2001@127.0.0.1")), "the agent's id and address name the source");
    }

    private static List<String> keys(List<Finding> findings) {
        return findings.stream().filter(f -> f.severityLevel().popsUp()).map(f -> f.situation() + " " + f.callId()).sorted().toList();
    }

    /** Three UDP ports free now, two apart: base, base + 2, base + 4 (and base + 6 for the caller's RTP). */
    private static int freeBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 21000 + 8 * (int) (Math.random() * 4000);
            if (base + 8 < 65535 && TestTools.udpPortFree(base) && TestTools.udpPortFree(base + 2)
                    && TestTools.udpPortFree(base + 4) && TestTools.udpPortFree(base + 6)) {
                return base;
            }
        }
        throw new IOException("no free UDP ports on loopback");
    }
}
