package org.siphint.dialect.asterisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The hand-written chan_pjsip logger header parser opens exactly the messages its regex opens. */
class AsteriskFramingHeaderTest {

    private static final List<String> SAMPLES = List.of(
            "<--- Received SIP request (857 bytes) from UDP:198.51.100.23:52841 --->",
            "<--- Transmitting SIP response (512 bytes) to UDP:198.51.100.23:52841 --->",
            "<--- Transmitting SIP request (5 bytes) to TLS:[2001:db8::1]:5061 --->  \t",
            "<--- Received SIP request (857 bytes) from WSS:a --->",
            "<--- Received SIP request (857 bytes) from UDP: --->",
            "<--- Received SIP request (857 bytes) from UDP:x ---> --->",
            "<--- Received SIP request (857 bytes) from UDP:x --->\r",
            "<--- Received SIP request (857 bytes) from UDP:x\u2028y --->",
            "<--- Received SIP request (bytes) from UDP:x --->",
            "<--- Received SIP message (1 bytes) from UDP:x --->",
            "<--- Received SIP request (1 bytes) at UDP:x --->",
            "<--- SIP read from UDP:198.51.100.7:5060 --->",
            "<--- Transmitting (NAT) to 198.51.100.7:5060 --->",
            "<--- Reliably Transmitting (no NAT) to 198.51.100.7:5060 --->",
            "Transmitting (NAT) to 198.51.100.7:5060:",
            "Reliably Transmitting (no NAT) to 198.51.100.7:5060:",
            "Subject: Transmitting (NAT) to 198.51.100.7:5060:",
            " Transmitting (NAT) to 198.51.100.7:5060:",
            "To: <sip:1002@pbx.example.com>");

    @Test
    void samplesOpenAsTheRegexOpensThem() {
        for (String line : SAMPLES) {
            check(line);
        }
    }

    @Test
    void mutatedHeadersOpenAsTheRegexOpensThem() {
        Random random = new Random(16);
        String alphabet = "<>-: ()[]_aZ09\t\r\u2028\u00e9";
        for (int n = 0; n < 200_000; n++) {
            check(LineMutations.mutate(random, SAMPLES.get(random.nextInt(4)), alphabet, 3, 0));
        }
    }

    @Test
    void onlyALineTheRegexesCouldOpenIsTriedAtAll() {
        Random random = new Random(17);
        String alphabet = "<>-: ()[]_aZ09RT\t";
        for (int n = 0; n < 200_000; n++) {
            String line = n < SAMPLES.size() ? SAMPLES.get(n)
                    : LineMutations.mutate(random, SAMPLES.get(random.nextInt(SAMPLES.size())), alphabet, 3, 0);
            if (AsteriskFraming.openWithRegex(line, Instant.EPOCH, 7) != null) {
                assertTrue(AsteriskFraming.mayOpen(line), line);
            }
        }
        // a header line that names chan_sip's words is no framing header
        assertFalse(AsteriskFraming.mayOpen("Subject: Transmitting (NAT) to 198.51.100.7:5060:"));
        assertFalse(AsteriskFraming.mayOpen("To: <sip:1002@pbx.example.com>"));
    }

    private static void check(String line) {
        Instant time = Instant.EPOCH;
        AsteriskFraming.Opened quick = AsteriskFraming.openPjsipLogger(line, time, 7);
        AsteriskFraming.Opened regex = AsteriskFraming.openWithRegex(line, time, 7);
        if (quick == null) {
            if (regex != null) {
                assertNotEquals(AsteriskFraming.PJSIP_LOGGER, regex.framing(), line);
            }
            return;
        }
        assertNotNull(regex, line);
        assertEquals(regex.framing(), quick.framing(), line);
        assertEquals(regex.message().direction(), quick.message().direction(), line);
        assertEquals(regex.message().transport(), quick.message().transport(), line);
        assertEquals(regex.message().peer(), quick.message().peer(), line);
        assertEquals(regex.message().firstLine(), quick.message().firstLine(), line);
    }
}
