package org.siphint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.event.Direction;
import org.siphint.event.Origin;
import org.siphint.event.Role;
import org.siphint.event.SipMessage;
import org.siphint.sip.SipParser;

class CallRecorderTest {

    static SipMessage message(String file, Role role, Direction direction, String peer, String... lines) {
        try {
            return build(file, role, direction, peer, lines);
        } catch (org.siphint.sip.SipParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static SipMessage build(String file, Role role, Direction direction, String peer, String... lines)
            throws org.siphint.sip.SipParseException {
        SipParser.Result parsed = SipParser.parse(List.of(lines), 0);
        return new SipMessage(Instant.parse("2026-03-04T10:00:00Z"), new Origin(file, 1, role), direction, "UDP", peer,
                parsed.message(), String.join("\r\n", lines));
    }

    static SipMessage options(String callId, int cseq) {
        return message("phone.log", Role.SOFTPHONE, Direction.SENT, "192.0.2.10:5060",
                "OPTIONS sip:pbx.example.com SIP/2.0", "Via: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bK" + cseq,
                "From: <sip:alice@pbx.example.com>;tag=1", "To: <sip:pbx.example.com>", "Call-ID: " + callId,
                "CSeq: " + cseq + " OPTIONS", "Content-Length: 0", "");
    }

    @Test
    void aTrunkLegLinkedToAPhonesCallIsDrawnWithIt() throws Exception {
        CallRecorder r = new CallRecorder();
        String log = java.nio.file.Files.readString(java.nio.file.Path.of("sample-logs/asterisk/trunk-call-not-found-for-phone.log"));
        org.siphint.dialect.DialectHarness.read(new org.siphint.dialect.asterisk.AsteriskDialect(), log).forEach(r);
        List<String> drawn = r.call("e7c41a09b3d25f68@192.168.0.14").orElseThrow().messages().stream()
                .filter(m -> m.getMethod().equals("INVITE")).map(m -> m.getCallId() + " " + m.getStartLine()).toList();
        assertEquals(List.of(
                "e7c41a09b3d25f68@192.168.0.14 INVITE sip:004930123456@pbx.example.com;transport=UDP SIP/2.0",
                "e7c41a09b3d25f68@192.168.0.14 SIP/2.0 401 Unauthorized",
                "e7c41a09b3d25f68@192.168.0.14 INVITE sip:004930123456@pbx.example.com;transport=UDP SIP/2.0",
                "e7c41a09b3d25f68@192.168.0.14 SIP/2.0 100 Trying",
                "5a7e9c1b-3d2f-4e60-8a1c-b3d5f7e9a0c2 INVITE sip:4930123456@203.0.113.50 SIP/2.0",
                "5a7e9c1b-3d2f-4e60-8a1c-b3d5f7e9a0c2 SIP/2.0 100 Trying",
                "5a7e9c1b-3d2f-4e60-8a1c-b3d5f7e9a0c2 SIP/2.0 404 Not Found",
                "e7c41a09b3d25f68@192.168.0.14 SIP/2.0 404 Not Found"), drawn, "both legs on one ladder");
        assertTrue(r.call("5a7e9c1b-3d2f-4e60-8a1c-b3d5f7e9a0c2").isEmpty());
    }

    @Test
    void aFloodOfCallsKeepsOnlyTheMostRecentOnes() {
        CallRecorder r = new CallRecorder(10, 8, 1000);
        for (int i = 0; i < 5000; i++) {
            r.accept(options("call-" + i, 1));
        }
        assertEquals(10, r.callCount());
        assertEquals(10, r.messageCount());
        assertTrue(r.call("call-4999").isPresent());
        assertTrue(r.call("call-4990").isPresent());
        assertTrue(r.call("call-4989").isEmpty());
    }

    @Test
    void aFloodInOneCallKeepsItsLatestMessagesAndCountsTheRest() {
        CallRecorder r = new CallRecorder(10, 8, 1000);
        for (int i = 1; i <= 100; i++) {
            r.accept(options("one", i));
        }
        CallRecord call = r.call("one").orElseThrow();
        assertEquals(8, call.size());
        assertEquals(92, call.dropped());
        assertEquals(93, call.messages().get(0).getCseq());
        assertEquals(8, r.messageCount());
    }

    @Test
    void theTotalBoundEvictsWholeCalls() {
        CallRecorder r = new CallRecorder(100, 10, 25);
        for (int c = 0; c < 5; c++) {
            for (int i = 1; i <= 10; i++) {
                r.accept(options("call-" + c, i));
            }
        }
        assertTrue(r.messageCount() <= 25, "total " + r.messageCount());
        assertEquals(2, r.callCount());
        assertTrue(r.call("call-4").isPresent() && r.call("call-3").isPresent());
    }

    @Test
    void addressBookFollowsAPhoneBehindNatToItsLog() {
        AddressBook book = new AddressBook();
        book.learn(message("phone.log", Role.SOFTPHONE, Direction.SENT, "192.0.2.10:5060",
                "REGISTER sip:pbx.example.com SIP/2.0", "Via: SIP/2.0/UDP 192.168.1.20:5062;branch=z9hG4bKa",
                "From: <sip:alice@pbx.example.com>;tag=1", "To: <sip:alice@pbx.example.com>", "Call-ID: reg-1",
                "CSeq: 1 REGISTER", "Contact: <sip:alice@192.168.1.20:5062;ob>", "Content-Length: 0", ""));
        // the PBX sees the phone's requests from its NAT address; their Via still names the phone's own address
        book.learn(message("pbx.log", Role.PBX, Direction.RECEIVED, "198.51.100.23:40112",
                "OPTIONS sip:pbx.example.com SIP/2.0", "Via: SIP/2.0/UDP 192.168.1.20:5062;branch=z9hG4bKb",
                "From: <sip:alice@pbx.example.com>;tag=2", "To: <sip:pbx.example.com>", "Call-ID: opt-1",
                "CSeq: 1 OPTIONS", "Content-Length: 0", ""));
        assertEquals("phone.log", book.ownerOf("192.168.1.20:5062"));
        assertEquals("phone.log", book.ownerOf("198.51.100.23:40112"), "the NAT address leads to the phone's log");
        assertNull(book.ownerOf("198.51.100.23:5060"), "another port is another endpoint");
        assertNull(book.ownerOf("192.0.2.10:5060"), "the PBX logged nothing it sent");
        assertEquals(Role.PBX, book.roleOf("pbx.log"));
        assertEquals("pbx.example.com:5060", AddressBook.normalize("PBX.example.com"));
        assertEquals("[2001:db8::1]:5060", AddressBook.normalize("2001:db8::1"));
        assertEquals("[2001:db8::1]:5070", AddressBook.normalize("[2001:db8::1]:5070"));
    }
}
