package org.siphint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.TestTools;
import org.siphint.TestRules;
import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.SipMessage;
import org.siphint.finding.Finding;
import org.siphint.hep.HepListen;
import org.siphint.hep.HepReceiver;

/**
 * {@code replay --hep-forward}: the SIP messages of softphone and PBX logs go out as HEP v3, to
 * sngrep's HEP listener (a HEP consumer siphint did not write, which saves what it receives as a
 * pcap) and to siphint's own receiver. What arrives must be the logs' messages, from the right
 * addresses, in the right direction, at the logs' times, without credentials, and give the findings
 * the logs give.
 */
class HepForwardIT {

    private static final List<Path> LOGS = List.of(
            Path.of("sample-logs/pjsip/call-forbidden.log"),
            Path.of("sample-logs/pjsip/register-wrong-password.log"),
            Path.of("sample-logs/asterisk/call-not-acceptable.log"));

    @Test
    void sngrepReceivesTheLogsMessagesAndItsCaptureGivesTheSameFindings(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(TestTools.onPath("sngrep"), "sngrep is not installed (see .ci/run)");
        for (Path log : LOGS) {
            int port = TestTools.freeUdpPort();
            Path pcap = dir.resolve(log.getFileName() + ".pcap");
            Process sngrep = new ProcessBuilder("sngrep", "-N", "-q", "-L", "udp:127.0.0.1:" + port, "-O", pcap.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sngrep.txt").toFile()).start();
            try {
                waitForListener(port);
                CliRun run = CliRun.of("replay", "--hep-forward", "udp://127.0.0.1:" + port, log.toString());
                assertEquals(0, run.exit(), run.err());
                assertTrue(run.err().contains(" sent, 0 dropped"), run.err());
                Thread.sleep(500); // sngrep takes the last datagrams
            } finally {
                sngrep.destroy(); // SIGTERM: sngrep closes its pcap
                if (!sngrep.waitFor(10, TimeUnit.SECONDS)) {
                    sngrep.destroyForcibly();
                }
            }
            assertTrue(Files.size(pcap) > 24, () -> log + ": sngrep saved nothing: " + read(dir.resolve("sngrep.txt")));
            String captured = new String(Files.readAllBytes(pcap), StandardCharsets.ISO_8859_1);
            assertFalse(captured.contains("response=\""), log + ": a digest response left the daemon");
            assertEquals(keys(TestRules.replay(null, log)), keys(TestRules.replay(null, pcap)),
                    log + ": the findings of the log and of what sngrep received");
        }
    }

    @Test
    void siphintsReceiverSeesTheMessagesAsTheLogWroteThem() throws Exception {
        Path log = LOGS.get(0); // a phone at 192.168.1.20:5060 calling through 192.0.2.10:5060
        List<LogEvent> received = Collections.synchronizedList(new ArrayList<>());
        try (HepReceiver receiver = HepReceiver.start(List.of(HepListen.parse("tcp://127.0.0.1:0")), null, received::add)) {
            int port = URI.create(receiver.addresses().get(0)).getPort();
            CliRun run = CliRun.of("replay", "--hep-forward", "tcp://127.0.0.1:" + port, "--hep-forward-id", "2002",
                    log.toString());
            assertEquals(0, run.exit(), run.err());
            long end = System.currentTimeMillis() + 5000;
            while (received.size() < 4 && System.currentTimeMillis() < end) {
                Thread.sleep(20);
            }
            Thread.sleep(1500); // past the receiver's hold: its view is decided
        }
        List<SipMessage> fromLog = TestRules.events(log).stream().filter(SipMessage.class::isInstance)
                .map(SipMessage.class::cast).toList();
        List<SipMessage> sip = received.stream().map(SipMessage.class::cast).toList();
        assertEquals(fromLog.size(), sip.size(), "every message of the log, once");
        for (int i = 0; i < sip.size(); i++) {
            SipMessage want = fromLog.get(i);
            SipMessage got = sip.get(i);
            assertEquals(want.getStartLine(), got.getStartLine());
            assertEquals(want.getTime(), got.getTime(), "the log's time");
            assertEquals(want.getDirection(), got.getDirection(), want.getStartLine());
            assertEquals("192.0.2.10:5060", got.getPeer(), "the server, as the log names it");
            assertEquals("hep:2002@127.0.0.1", got.getFile());
        }
        assertEquals(Direction.SENT, sip.get(0).getDirection());
    }

    @Test
    void aTargetThatIsNotUdpOrTcpIsAUsageError() {
        CliRun replay = CliRun.of("replay", "--hep-forward", "http://homer.example.com", LOGS.get(0).toString());
        assertEquals(ExitCodes.USAGE, replay.exit(), replay.err());
        assertTrue(replay.err().contains("udp://HOST:PORT or tcp://HOST:PORT"), replay.err());
        assertTrue(replay.out().isEmpty(), "nothing replayed: " + replay.out());
        CliRun watch = CliRun.of("watch", "--no-state", "--notifier", "none", "--hep-forward", "udp://", LOGS.get(0).toString());
        assertEquals(ExitCodes.USAGE, watch.exit(), watch.err());
        assertTrue(watch.err().contains("--hep-forward"), watch.err());
    }

    private static Set<String> keys(List<Finding> findings) {
        Set<String> keys = new TreeSet<>();
        for (Finding f : findings) {
            if (!f.severity().equals("info")) {
                keys.add(f.situation() + " " + f.callId() + " (" + f.cause() + ")");
            }
        }
        return keys;
    }

    private static void waitForListener(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (!TestTools.udpPortFree(port)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("sngrep did not listen on udp port " + port + " in 5 s");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
