package org.siphint.dialect.asterisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.siphint.dialect.DialectHarness.crlf;
import static org.siphint.dialect.DialectHarness.invite;
import static org.siphint.dialect.DialectHarness.read;
import static org.siphint.dialect.DialectHarness.register;
import static org.siphint.dialect.DialectHarness.response;
import static org.siphint.dialect.DialectHarness.sip;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.event.Direction;
import org.siphint.event.SipMessage;

/** chan_sip's {@code sip set debug on} output in Asterisk's log files and console captures. */
class AsteriskChanSipFramingTest {

    private static final AsteriskDialect ASTERISK = new AsteriskDialect();

    private static String sipRead(String date, String peer, String message) {
        return "[" + date + "] VERBOSE[4712] chan_sip.c: \n<--- SIP read from UDP:" + peer + " --->\n" + crlf(message)
                + "\n<------------->\n[" + date + "] VERBOSE[4712] chan_sip.c: --- (9 headers 0 lines) ---\n";
    }

    private static String sipResponse(String date, String peer, String message) {
        return "[" + date + "] VERBOSE[4712][C-00000002] chan_sip.c: \n<--- Reliably Transmitting (NAT) to " + peer
                + " --->\n" + crlf(message) + "\n<------------>\n";
    }

    private static String sipRequest(String date, String peer, String message) {
        return "[" + date + "] VERBOSE[4712] chan_sip.c: REGISTER 9 headers, 0 lines\n"
                + "[" + date + "] VERBOSE[4712] chan_sip.c: Transmitting (no NAT) to " + peer + ":\n" + crlf(message)
                + "\n---\n";
    }

    @Test
    void framesReadsResponsesAndRequests() {
        String log = sipRead("2026-03-04 10:00:01", "198.51.100.7:5060", register("c1@x", 1))
                + sipResponse("2026-03-04 10:00:01", "198.51.100.7:5060", response(401, "Unauthorized", "c1@x", 1))
                + sipRequest("2026-03-04 10:00:02", "203.0.113.1:5060", register("trunk@x", 5));
        List<SipMessage> m = sip(read(ASTERISK, log));
        assertEquals(3, m.size());
        assertEquals(Direction.RECEIVED, m.get(0).getDirection());
        assertEquals("198.51.100.7:5060", m.get(0).getPeer());
        assertEquals("UDP", m.get(0).getTransport());
        assertEquals(3, m.get(0).getOrigin().line());
        assertEquals(Direction.SENT, m.get(1).getDirection());
        assertEquals(401, m.get(1).getStatus());
        assertEquals("UDP", m.get(1).getTransport(), "chan_sip names no transport for sent messages: the Via does");
        assertEquals(Direction.SENT, m.get(2).getDirection());
        assertEquals("203.0.113.1:5060", m.get(2).getPeer());
        assertEquals("trunk@x", m.get(2).getCallId());
        assertEquals(Instant.parse("2026-03-04T10:00:02Z"), m.get(2).getTime());
    }

    @Test
    void yearlessDatesAndConsoleCaptures() {
        String log = sipRead("Dec 31 23:59:59", "198.51.100.7:5060", register("y@x", 1))
                // a console capture: no record prefixes at all
                + "<--- Transmitting (NAT) to 198.51.100.7:5060 --->\n" + crlf(response(200, "OK", "y@x", 1))
                + "\n<------------>\n";
        List<SipMessage> m = sip(read(ASTERISK, log));
        assertEquals(2, m.size());
        assertEquals(Instant.parse("2025-12-31T23:59:59Z"), m.get(0).getTime(), "December before a March file date");
        assertEquals(200, m.get(1).getStatus());
    }

    @Test
    void ansiColoursCrlfFilesAndInterleavedRecords() {
        String log = "\u001b[1;32m" + sipRead("2026-03-04 10:00:01", "198.51.100.7:5060", register("a@x", 1))
                + "[2026-03-04 10:00:01] VERBOSE[4800][C-00000001] pbx.c: Executing [600@from-internal:1] Answer(\"SIP/1\", \"\")\n"
                + sipResponse("2026-03-04 10:00:01", "198.51.100.7:5060", response(200, "OK", "a@x", 1));
        List<SipMessage> m = sip(read(ASTERISK, log.replace("\n", "\r\n")));
        assertEquals(List.of("a@x", "a@x"), m.stream().map(SipMessage::getCallId).toList());
    }

    @Test
    void aMessageCutByTheNextRecordIsStillRead() {
        String message = crlf(register("cut@x", 1));
        String log = "[2026-03-04 10:00:01] VERBOSE[4712] chan_sip.c: \n<--- SIP read from UDP:198.51.100.7:5060 --->\n"
                + message.substring(0, message.indexOf("Contact"))
                + sipRead("2026-03-04 10:00:02", "198.51.100.7:5060", register("next@x", 2));
        List<SipMessage> m = sip(read(ASTERISK, log));
        assertEquals(List.of("cut@x", "next@x"), m.stream().map(SipMessage::getCallId).toList());
    }

    @Test
    void compactFoldedHeadersAndABlankLineInTheBody() {
        String log = sipRead("2026-03-04 10:00:01", "198.51.100.7:5060", invite("c@x", true));
        SipMessage m = sip(read(ASTERISK, log)).get(0);
        assertEquals("c@x", m.getCallId());
        assertEquals("fi", m.getFromTag());
        assertEquals(List.of("PCMU", "PCMA"), m.getAudioCodecs());
    }

    @Test
    void ipv6AndTheNatKeepaliveAndTruncationAtEndOfFile() {
        String log = "[2026-03-04 10:00:01] VERBOSE[4712] chan_sip.c: \n<--- SIP read from UDP:198.51.100.7:5060 --->\n"
                + "\r\n\n<------------->\n"
                + "[2026-03-04 10:00:01] VERBOSE[4712] chan_sip.c: --- (0 headers 0 lines) Nat keepalive ---\n"
                + sipRead("2026-03-04 10:00:02", "[2001:db8::7]:5060", register("v6@x", 1))
                + "[2026-03-04 10:00:03] VERBOSE[4712] chan_sip.c: \n<--- SIP read from UDP:198.51.100.7:5060 --->\n"
                + crlf(invite("eof@x", false)).substring(0, 300);
        List<SipMessage> m = sip(read(ASTERISK, log));
        assertEquals(List.of("v6@x", "eof@x"), m.stream().map(SipMessage::getCallId).toList());
        assertEquals("[2001:db8::7]:5060", m.get(0).getPeer());
    }
}
