package org.siphint.dialect.bria;

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

class BriaDialectTest {

    private static final BriaDialect BRIA = new BriaDialect();

    private static String tx(String time, String peer, String transport, String message) {
        return "2026-03-04 " + time + " | INFO |   RESIP:TRANSPORT | 110164 t44372 Transmitting to [ V4 " + peer + " "
                + transport + " target domain=example.com mFlowKey=0 ] tlsDomain= via [ V4 192.0.2.7:52841 " + transport
                + " target domain=example.com mFlowKey=0 ]\n\n" + crlf(message) + "\n";
    }

    private static String rx(String time, String version, String peer, String transport, String message) {
        return "2026-03-04 " + time + " | INFO |   RESIP:TRANSPORT | 110164 t328 incoming from: [ V" + version + " " + peer
                + " " + transport + " target domain=unspecified mFlowKey=4512 ]\n\n" + crlf(message) + "\n";
    }

    private static String other(String time, String text) {
        return "2026-03-04 " + time + " | DEBUG |         RESIP:DUM | 110164 t328 " + text + "\n";
    }

    @Test
    void framesTransmittedAndIncomingMessages() {
        String log = tx("10:21:10.754", "198.51.100.7:5060", "TCP", register("b1@x", 1))
                + other("10:21:10.760", "DialogUsageManager::process")
                + rx("10:21:10.801", "4", "198.51.100.7:5060", "TCP", response(401, "Unauthorized", "b1@x", 1));
        List<SipMessage> m = sip(read(BRIA, log));
        assertEquals(2, m.size());
        assertEquals(Direction.SENT, m.get(0).getDirection());
        assertEquals("198.51.100.7:5060", m.get(0).getPeer());
        assertEquals("TCP", m.get(0).getTransport());
        assertEquals("REGISTER", m.get(0).getMethod());
        assertEquals(3, m.get(0).getOrigin().line());
        assertEquals(Direction.RECEIVED, m.get(1).getDirection());
        assertEquals(401, m.get(1).getStatus());
        assertEquals("b1@x", m.get(1).getCallId());
        assertEquals(Instant.parse("2026-03-04T10:21:10.801Z"), m.get(1).getTime());
    }

    @Test
    void aTransmitRecordWithoutMessageGivesNothing() {
        String log = "2026-03-04 10:21:10.754 | INFO |   RESIP:TRANSPORT | 110164 t44372 Transmitting to [ V4 "
                + "198.51.100.7:5060 TCP target domain=example.com mFlowKey=0 ] tlsDomain= via [ V4 192.0.2.7:1 TCP ]\n"
                + other("10:21:10.760", "next")
                + tx("10:21:11.000", "198.51.100.7:5060", "TCP", register("b2@x", 1));
        List<SipMessage> m = sip(read(BRIA, log));
        assertEquals(1, m.size());
        assertEquals("b2@x", m.get(0).getCallId());
    }

    @Test
    void anIncomingStreamReadWithTwoMessagesOrAFragment() {
        String invite = invite("frag@x", false);
        int cut = invite.indexOf("Content-Length");
        String log = rx("10:00:00.001", "4", "198.51.100.7:5060", "TCP",
                        response(100, "Trying", "two@x", 1) + response(180, "Ringing", "two@x", 1))
                + rx("10:00:00.100", "4", "198.51.100.7:5060", "TCP", invite.substring(0, cut))
                + other("10:00:00.101", "another thread")
                + rx("10:00:00.102", "4", "198.51.100.7:5060", "TCP", invite.substring(cut));
        List<SipMessage> m = sip(read(BRIA, log));
        assertEquals(3, m.size());
        assertEquals(100, m.get(0).getStatus());
        assertEquals(180, m.get(1).getStatus());
        assertEquals("frag@x", m.get(2).getCallId());
        assertEquals(List.of("PCMU", "PCMA"), m.get(2).getAudioCodecs());
    }

    @Test
    void ipv6TuplesGetBrackets() {
        String log = rx("10:00:00.001", "6", "2001:db8::7:5060", "UDP", register("v6@x", 1));
        assertEquals("[2001:db8::7]:5060", sip(read(BRIA, log)).get(0).getPeer());
    }

    @Test
    void compactFoldedHeadersCrlfAnsiAndTruncationAtEndOfFile() {
        String invite = invite("c@x", true);
        String log = "\u001b[32m" + other("10:00:00.000", "start")
                + tx("10:00:00.001", "198.51.100.7:5060", "UDP", invite).substring(0, 400);
        List<SipMessage> m = sip(read(BRIA, log.replace("\n", "\r\n")));
        assertEquals(1, m.size());
        assertEquals("c@x", m.get(0).getCallId());
        assertEquals("fi", m.get(0).getFromTag());
    }

    @Test
    void aRecordCutShortByTheNextRecordIsRead() {
        String register = register("cut@x", 1);
        String log = tx("10:00:00.001", "198.51.100.7:5060", "UDP", register.substring(0, register.indexOf("Contact")))
                + tx("10:00:00.002", "198.51.100.7:5060", "UDP", register("next@x", 2));
        List<SipMessage> m = sip(read(BRIA, log));
        assertEquals(List.of("cut@x", "next@x"), m.stream().map(SipMessage::getCallId).toList());
    }
}
