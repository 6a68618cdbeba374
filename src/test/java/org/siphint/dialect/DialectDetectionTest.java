package org.siphint.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.siphint.dialect.DialectHarness.crlf;
import static org.siphint.dialect.DialectHarness.invite;
import static org.siphint.dialect.DialectHarness.register;
import static org.siphint.dialect.DialectHarness.response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.siphint.event.SipMessage;

/**
 * Detection picks each format's own dialect (no dialect steals another's files), and no dialect
 * loses a message among junk.
 */
class DialectDetectionTest {

    /** The dialect each sample folder is written in. */
    private static final Map<String, String> FOLDER_DIALECT = Map.ofEntries(
            Map.entry("asterisk", "asterisk"), Map.entry("asterisk-chan-sip", "asterisk"),
            Map.entry("asterisk-notices", "asterisk"), Map.entry("pjsip", "pjsip"), Map.entry("freeswitch", "freeswitch"),
            Map.entry("freeswitch-notices", "freeswitch"), Map.entry("bria", "bria"), Map.entry("raw", "raw"), Map.entry("sipdump", "sipdump"),
            Map.entry("linphone", "linphone"), Map.entry("baresip", "baresip"),
            // formats without a dialect: the fallback finds their messages and guesses the rest
            Map.entry("twinkle", "anytext"), Map.entry("jitsi", "anytext"), Map.entry("grandstream", "anytext"));

    /**
     * The correlated sets (sample-logs/correlated/NAME/) pair an Asterisk PBX log and a pjsua softphone
     * log, or, taken from the lab, files named after the program that wrote them.
     */
    private static final Map<String, String> CORRELATED_FILE_DIALECT = Map.of(
            "pbx.log", "asterisk", "softphone.log", "pjsip", "kamailio-sipdump.log", "sipdump", "linphone.log", "linphone");

    /** The lab's recordings (sample-logs/lab/SCENARIO/) are named after the program that wrote them. */
    private static final Map<String, String> LAB_FILE_DIALECT = Map.of(
            "baresip.log", "baresip", "baresip-callee.log", "baresip", "kamailio-sipdump.log", "sipdump",
            "kamailio.log", "kamailio", "linphone.log", "linphone");

    @TestFactory
    Stream<DynamicTest> everySampleIsDetectedAsItsOwnDialect() throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.walk(Path.of("sample-logs"))) {
            logs = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
        assertFalse(logs.isEmpty());
        return logs.stream().map(log -> DynamicTest.dynamicTest(log.toString(), () -> {
            String folder = log.getParent().getFileName().toString();
            String group = log.getParent().getParent().getFileName().toString();
            String expected = switch (group) {
                case "lab" -> LAB_FILE_DIALECT.get(log.getFileName().toString());
                case "correlated" -> CORRELATED_FILE_DIALECT.get(log.getFileName().toString());
                default -> FOLDER_DIALECT.get(folder);
            };
            assertTrue(expected != null, "a sample folder without a known dialect: " + folder);
            assertEquals(expected, DialectHarness.detect(Files.readString(log)));
        }));
    }

    @Test
    void unknownTextIsNotDetected() {
        assertEquals("none", DialectHarness.detect("hello\nworld\n2026-03-04 12:00:00 something happened\n"));
    }

    /** A message in each dialect's framing, by index. */
    private static final Map<String, IntFunction<String>> FRAMED = Map.of(
            "asterisk", i -> "[2026-03-04 10:00:01] VERBOSE[1] res_pjsip_logger.c: <--- Received SIP request (500 bytes) "
                    + "from UDP:198.51.100.7:5060 --->\n" + crlf(message(i)) + "\n",
            "asterisk-chan-sip", i -> "[2026-03-04 10:00:01] VERBOSE[1] chan_sip.c: \n<--- SIP read from UDP:198.51.100.7:5060 --->\n"
                    + crlf(message(i)) + "\n<------------->\n",
            "pjsip", i -> "10:00:01.000           pjsua_core.c  .RX 500 bytes Request msg REGISTER/cseq=1 (rdata0x1) from "
                    + "UDP 198.51.100.7:5060:\n" + crlf(message(i)) + "\n--end msg--\n",
            "freeswitch", i -> "recv " + crlf(message(i)).length() + " bytes from udp/[198.51.100.7]:5060 at 10:00:01.000000:\n"
                    + "-".repeat(72) + "\n" + message(i) + "\n",
            "bria", i -> "2026-03-04 10:00:01.000 | INFO |   RESIP:TRANSPORT | 1 t2 incoming from: [ V4 198.51.100.7:5060 UDP "
                    + "target domain=unspecified mFlowKey=1 ]\n\n" + crlf(message(i)) + "\n",
            "raw", i -> message(i) + "\n",
            "twinkle", i -> "+++ 4-3-2026 10:00:01.000000 INFO SIP ::process_sip_msg\nReceived from: udp:198.51.100.7:5060\n"
                    + message(i) + "\n---\n\n",
            "grandstream", i -> message(i).lines()
                    .map(l -> "Mar  4 10:00:01 192.168.1.30 GS_LOG: [00:0b:82:3a:51:7c][000]" + (l.isEmpty() ? "" : " " + l) + "\n")
                    .reduce("", String::concat));

    private static String message(int i) {
        return switch (i % 3) {
            case 0 -> register("junk-" + i + "@x", 1);
            case 1 -> invite("junk-" + i + "@x", i % 2 == 0);
            default -> response(200, "OK", "junk-" + i + "@x", 1);
        };
    }

    @TestFactory
    Stream<DynamicTest> noMessageIsLostAmongJunk() {
        return FRAMED.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Dialect dialect = Dialects.byId(FOLDER_DIALECT.get(e.getKey())).orElseThrow();
            Random random = new Random(e.getKey().hashCode());
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            int n = 60;
            for (int i = 0; i < n; i++) {
                log.writeBytes(e.getValue().apply(i).getBytes(StandardCharsets.UTF_8));
                log.writeBytes(junk(random).getBytes(StandardCharsets.ISO_8859_1));
            }
            List<SipMessage> messages = DialectHarness.sip(DialectHarness.read(dialect, log.toByteArray()));
            Set<String> callIds = new HashSet<>();
            messages.forEach(m -> callIds.add(m.getCallId()));
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!callIds.contains("junk-" + i + "@x")) {
                    missing.add("junk-" + i + "@x");
                }
            }
            assertEquals(List.of(), missing, "messages lost among junk");
        }));
    }

    /** Junk a log can hold between messages: binary bytes, random text, a message cut short. */
    private static String junk(Random random) {
        StringBuilder s = new StringBuilder();
        switch (random.nextInt(4)) {
            case 0 -> {
                for (int i = 0; i < 40; i++) {
                    char c = (char) random.nextInt(256);
                    s.append(c == '\n' || c == '\r' ? ' ' : c);
                }
                s.append('\n');
            }
            case 1 -> s.append("random text ").append(random.nextLong()).append(" : with a colon\n");
            case 2 -> s.append("OPTIONS sip:partial@example.com SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.1\n\n");
            default -> s.append("\n\n");
        }
        return s.toString();
    }
}
