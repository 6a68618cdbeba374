package org.siphint.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SipParserTest {

    private static List<String> lines(String text) {
        return List.of(text.split("\n", -1));
    }

    @Test
    void parsesARequestWithCompactAndFoldedHeaders() throws Exception {
        ParsedMessage m = SipParser.parse(lines("""
                INVITE sip:bob@example.com SIP/2.0
                v: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776
                f: "Alice" <sip:alice@example.com>;tag=1928
                t: <sip:bob@example.com>
                i: a84b4c76e66710
                CSeq: 314159 INVITE
                Subject: a very
                  long subject
                l: 0
                """));
        assertTrue(m.isRequest());
        assertEquals("INVITE", m.method());
        assertEquals("sip:bob@example.com", m.requestUri());
        assertEquals("a84b4c76e66710", m.header("Call-ID"));
        assertEquals("a84b4c76e66710", m.header("call-id"));
        assertEquals("a84b4c76e66710", m.header("i"));
        assertEquals("a very long subject", m.header("Subject"));
        assertEquals(314159, m.cseqNumber());
        assertEquals("INVITE", m.cseqMethod());
        assertEquals("1928", HeaderValues.param(m.header("From"), "tag"));
    }

    @Test
    void aHeaderIsFoundHoweverItsNameIsWrittenAndTheFirstOccurrenceWins() throws Exception {
        ParsedMessage m = SipParser.parse(lines("""
                SIP/2.0 401 Unauthorized
                VIA: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa
                x-custom: one
                via: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bKb
                CALL-ID: upper
                call-id: lower
                www-authenticate: Digest realm="a"
                WWW-Authenticate: Digest realm="b"
                X-Custom: two
                cseq: 1 REGISTER
                Content-Length: 0
                """));
        assertEquals("upper", m.header("Call-ID"));
        assertEquals("upper", m.header("i"));
        assertEquals("Digest realm=\"a\"", m.header("WWW-Authenticate"));
        assertEquals(List.of("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa", "SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bKb"),
                m.headerValuesAsWritten("Via"));
        assertEquals(1, m.cseqNumber());
        assertEquals("one", m.header("X-Custom"), "a name no index knows is still found");
        assertEquals(List.of("one", "two"), m.headerValuesAsWritten("x-CUSTOM"));
        assertNull(m.header("Contact"), "a known name that is absent");
        assertEquals(List.of(), m.headerValuesAsWritten("Require"));
        assertNull(m.header("X-Absent"));
    }

    @Test
    void parsesAResponseAndSplitsCommaSeparatedVias() throws Exception {
        ParsedMessage m = SipParser.parse(lines("""
                SIP/2.0 488 Not Acceptable Here
                Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa, SIP/2.0/UDP [2001:db8::1]:5070;branch=z9hG4bKb
                Via: SIP/2.0/TCP 198.51.100.2;branch=z9hG4bKc
                CSeq: 2 INVITE
                Content-Length: 0
                """));
        assertFalse(m.isRequest());
        assertEquals(488, m.status());
        assertEquals("Not Acceptable Here", m.reason());
        List<String> vias = m.headerValues("Via");
        assertEquals(3, vias.size());
        assertEquals("2001:db8::1", HeaderValues.viaHost(vias.get(1)));
        assertEquals("[2001:db8::1]:5070", HeaderValues.viaSentBy(vias.get(1)));
        assertEquals("TCP", HeaderValues.viaTransport(vias.get(2)));
    }

    @Test
    void bodyIsCutAtContentLengthAndTheEndIsReported() throws Exception {
        List<String> lines = lines("""
                SIP/2.0 200 OK
                CSeq: 1 INVITE
                Content-Type: application/sdp
                Content-Length: 10

                v=0
                o=x
                SIP/2.0 180 Ringing
                CSeq: 1 INVITE
                """);
        SipParser.Result first = SipParser.parse(lines, 0);
        assertEquals("v=0\no=x\n", first.message().body());
        assertEquals(7, first.end());
        SipParser.Result second = SipParser.parse(lines, first.end());
        assertEquals(180, second.message().status());
    }

    @Test
    void aLyingContentLengthNeverReadsIntoTheNextMessage() throws Exception {
        List<String> lines = lines("""
                SIP/2.0 200 OK
                CSeq: 1 INVITE
                Content-Length: 5000

                v=0
                """);
        ParsedMessage m = SipParser.parse(lines);
        assertEquals("v=0\n\n", m.body());
    }

    @Test
    void rejectsTextThatIsNotSip() {
        assertThrows(SipParseException.class, () -> SipParser.parse(lines("HTTP/1.1 200 OK\nServer: x\n")));
        assertThrows(SipParseException.class, () -> SipParser.parse(lines("\n\n")));
        assertFalse(SipParser.isStartLine("SIP/2.0 2x0 OK"));
        assertFalse(SipParser.isStartLine("invite sip:x SIP/2.0"));
        assertTrue(SipParser.isStartLine("OPTIONS sip:x SIP/2.0"));
    }

    @Test
    void headerFloodIsBounded() throws Exception {
        StringBuilder s = new StringBuilder("SIP/2.0 200 OK\n");
        for (int i = 0; i < 10_000; i++) {
            s.append("X-H").append(i).append(": v\n");
        }
        s.append("Call-ID: late\n");
        ParsedMessage m = SipParser.parse(lines(s.toString()));
        assertTrue(m.headers().size() <= SipParser.MAX_HEADERS + 32, "bounded: " + m.headers().size());
        assertEquals("late", m.header("Call-ID"), "the headers that identify a message are kept past the bound");
        assertNull(m.header("X-H9999"));
    }

    @Test
    void aQuotedDisplayNameCannotHideTheUri() {
        String from = "\"<b>Boss</b> \\\" <x>\" <sip:boss@example.com>;tag=9";
        assertEquals("sip:boss@example.com", HeaderValues.uri(from));
        assertEquals("boss", HeaderValues.user(from));
        assertEquals("9", HeaderValues.param(from, "tag"));
    }
}
