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

/** chan_pjsip's {@code pjsip set logger on} output, and a file that mixes it with chan_sip's. */
class AsteriskPjsipLoggerFramingTest {

    private static final AsteriskDialect ASTERISK = new AsteriskDialect();

    private static String logged(String date, String what, String peer, String message) {
        String kind = message.startsWith("SIP/2.0") ? "response" : "request";
        String dir = what.equals("Received") ? "from" : "to";
        return "[" + date + "] VERBOSE[4712] res_pjsip_logger.c: <--- " + what + " SIP " + kind + " (512 bytes) " + dir
                + " " + peer + " --->\n" + crlf(message) + "\n";
    }

    private static String cutAfterCallId(String text) {
        return text.substring(0, text.indexOf("CSeq:"));
    }

    @Test
    void framesMessagesWithDirectionPeerAndTransport() {
        String log = logged("2026-03-04 10:00:01", "Received", "TCP:198.51.100.7:5060", register("p@x", 1))
                + logged("2026-03-04 10:00:01", "Transmitting", "TCP:198.51.100.7:5060", response(401, "Unauthorized", "p@x", 1));
        List<SipMessage> m = sip(read(ASTERISK, log));
        assertEquals(2, m.size());
        assertEquals(Direction.RECEIVED, m.get(0).getDirection());
        assertEquals("TCP", m.get(0).getTransport());
        assertEquals("198.51.100.7:5060", m.get(0).getPeer());
        assertEquals(2, m.get(0).getOrigin().line());
        assertEquals(Direction.SENT, m.get(1).getDirection());
        assertEquals(401, m.get(1).getStatus());
        assertEquals(15, m.get(1).getOrigin().line(), "after the message's own blank line and the logger's");
    }

    @Test
    void oneFileWithBothChannelDriversAndNotices() {
        String log = logged("Mar  4 10:00:01", "Received", "UDP:198.51.100.7:5060", register("pj@x", 1))
                + "[Mar  4 10:00:01] NOTICE[4713] res_pjsip/pjsip_distributor.c: Request 'REGISTER' from "
                + "'<sip:alice@example.com>' failed for '198.51.100.7:5060' (callid: pj@x) - Failed to authenticate\n"
                + "[Mar  4 10:00:02] VERBOSE[4714] chan_sip.c: \n<--- SIP read from UDP:198.51.100.8:5060 --->\n"
                + crlf(register("cs@x", 1)) + "\n<------------->\n";
        var events = read(ASTERISK, log);
        assertEquals(List.of("pj@x", "cs@x"), sip(events).stream().map(SipMessage::getCallId).toList());
        assertEquals(3, events.size());
        assertEquals(Instant.parse("2026-03-04T10:00:02Z"), sip(events).get(1).getTime());
    }

    @Test
    void ansiCrlfAndVerboseLinesBetweenMessages() {
        String log = "\u001b[0;37m" + logged("2026-03-04 10:00:01", "Received", "UDP:198.51.100.7:5060", invite("i@x", false))
                + "    -- Executing [600@from-internal:1] Answer(\"PJSIP/1-0001\", \"\") in new stack\n"
                + "\u001b[1;30m" + logged("2026-03-04 10:00:01", "Transmitting", "UDP:198.51.100.7:5060",
                response(100, "Trying", "i@x", 1));
        List<SipMessage> m = sip(read(ASTERISK, log.replace("\n", "\r\n")));
        assertEquals(2, m.size());
        assertEquals(List.of("PCMU", "PCMA"), m.get(0).getAudioCodecs());
    }

    @Test
    void truncatedRecordsCompactFoldedIpv6AndEndOfFile() {
        String cut = crlf(register("cut@x", 1));
        String log = "[2026-03-04 10:00:01] VERBOSE[1] res_pjsip_logger.c: <--- Received SIP request (900 bytes) from "
                + "UDP:198.51.100.7:5060 --->\n" + cut.substring(0, cut.indexOf("CSeq:"))
                + logged("2026-03-04 10:00:02", "Received", "UDP:[2001:db8::7]:5060", invite("v6@x", true))
                + cutAfterCallId(logged("2026-03-04 10:00:03", "Received", "WSS:198.51.100.9:443", register("eof@x", 1)));
        List<SipMessage> m = sip(read(ASTERISK, log));
        assertEquals(List.of("cut@x", "v6@x", "eof@x"), m.stream().map(SipMessage::getCallId).toList());
        assertEquals("[2001:db8::7]:5060", m.get(1).getPeer());
        assertEquals("fi", m.get(1).getFromTag());
        assertEquals("WSS", m.get(2).getTransport());
    }
}
