package org.siphint.dialect.raw;

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

class RawSipDialectTest {

    private static final RawSipDialect RAW = new RawSipDialect();

    @Test
    void sngrepExportGivesTimeDirectionAndPeer() {
        String log = "2026/03/04 10:12:13.100000 192.0.2.7:5060 -> 198.51.100.7:5060\n" + crlf(register("s@x", 1)) + "\n\n"
                + "2026/03/04 10:12:13.150000 198.51.100.7:5060 -> 192.0.2.7:5060\n"
                + crlf(response(401, "Unauthorized", "s@x", 1)) + "\n\n";
        List<SipMessage> m = sip(read(RAW, log));
        assertEquals(2, m.size());
        assertEquals(Direction.SENT, m.get(0).getDirection(), "the first sender is taken as the log's owner");
        assertEquals("198.51.100.7:5060", m.get(0).getPeer());
        assertEquals("UDP", m.get(0).getTransport());
        assertEquals(2, m.get(0).getOrigin().line());
        assertEquals(Direction.RECEIVED, m.get(1).getDirection());
        assertEquals("198.51.100.7:5060", m.get(1).getPeer());
        assertEquals(Instant.parse("2026-03-04T10:12:13.150Z"), m.get(1).getTime());
    }

    @Test
    void pastedMessagesTakeDirectionFromTheVia() {
        String incoming = register("in@x", 1).replace("192.0.2.7:5060", "203.0.113.5:5070");
        String log = register("p@x", 1) + response(401, "Unauthorized", "p@x", 1) + "\n" + incoming
                + response(200, "OK", "in@x", 1).replace("192.0.2.7:5060", "203.0.113.5:5070");
        List<SipMessage> m = sip(read(RAW, log));
        assertEquals(4, m.size());
        assertEquals(List.of(Direction.SENT, Direction.RECEIVED, Direction.RECEIVED, Direction.SENT),
                m.stream().map(SipMessage::getDirection).toList());
        assertEquals("example.com", m.get(0).getPeer(), "a sent request goes to its Request-URI's host");
        assertEquals("example.com", m.get(1).getPeer(), "a received response comes from where its request went");
        assertEquals("203.0.113.5:5070", m.get(2).getPeer());
        assertEquals(List.of(1L, 12L, 21L, 32L), m.stream().map(s -> s.getOrigin().line()).toList());
    }

    @Test
    void blankLinesInsideABodyAndJunkBetweenMessages() {
        String log = "some text a user pasted\n\n" + invite("b@x", false) + "\n-- more notes --\n"
                + register("after@x", 1);
        List<SipMessage> m = sip(read(RAW, log));
        assertEquals(List.of("b@x", "after@x"), m.stream().map(SipMessage::getCallId).toList());
        assertEquals(List.of("PCMU", "PCMA"), m.get(0).getAudioCodecs());
    }

    @Test
    void messagesWithoutBlankLineBetweenThemAndTruncatedAtEndOfFile() {
        String cut = register("cut@x", 1);
        String log = cut.substring(0, cut.indexOf("CSeq")) + register("whole@x", 2) + invite("eof@x", true).substring(0, 250);
        List<SipMessage> m = sip(read(RAW, log));
        assertEquals(List.of("cut@x", "whole@x", "eof@x"), m.stream().map(SipMessage::getCallId).toList());
    }

    @Test
    void ansiCrlfCompactFoldedAndIpv6() {
        String log = "\u001b[1;32m2026/03/04 10:12:13.100000 [2001:db8::7]:5060 -> [2001:db8::1]:5060\u001b[0m\n"
                + crlf(invite("v6@x", true)) + "\n\n";
        SipMessage m = sip(read(RAW, log)).get(0);
        assertEquals("v6@x", m.getCallId());
        assertEquals("[2001:db8::1]:5060", m.getPeer());
        assertEquals("fi", m.getFromTag());
    }
}
