package org.siphint.dialect.pjsip;

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

/** pjsua / MicroSIP message blocks ({@code TX/RX ... --end msg--}). */
class PjsipFramingTest {

    private static final PjsipDialect PJSIP = new PjsipDialect();

    private static String block(String time, String what, String peer, String message) {
        String info = message.startsWith("SIP/2.0") ? "Response msg 401/REGISTER/cseq=1 (rdata0x7f01)"
                : "Request msg REGISTER/cseq=1 (tdta0x5601)";
        String dir = what.equals("TX") ? "to" : "from";
        return time + "           pjsua_core.c  ." + what + " 512 bytes " + info + " " + dir + " " + peer + ":\n"
                + crlf(message) + "\n--end msg--\n";
    }

    @Test
    void framesBlocksWithDirectionPeerTransportAndLines() {
        String log = block("10:00:01.000", "TX", "UDP 198.51.100.7:5060", register("j@x", 1))
                + "10:00:01.010    tsx0x5601  .State changed from Null to Calling, event=TX_MSG\n"
                + block("10:00:01.050", "RX", "TCP 198.51.100.7:5060", response(401, "Unauthorized", "j@x", 1));
        List<SipMessage> m = sip(read(PJSIP, log));
        assertEquals(2, m.size());
        assertEquals(Direction.SENT, m.get(0).getDirection());
        assertEquals("198.51.100.7:5060", m.get(0).getPeer());
        assertEquals("UDP", m.get(0).getTransport());
        assertEquals(2, m.get(0).getOrigin().line());
        assertEquals(Direction.RECEIVED, m.get(1).getDirection());
        assertEquals("TCP", m.get(1).getTransport());
        assertEquals(Instant.parse("2026-03-04T10:00:01.050Z"), m.get(1).getTime());
    }

    @Test
    void timeOnlyRollsOverAtMidnight() {
        String log = block("23:59:59.900", "TX", "UDP 198.51.100.7:5060", register("n@x", 1))
                + block("00:00:00.100", "RX", "UDP 198.51.100.7:5060", response(401, "Unauthorized", "n@x", 1));
        List<SipMessage> m = sip(read(PJSIP, log));
        assertEquals(Instant.parse("2026-03-05T00:00:00.100Z"), m.get(1).getTime());
    }

    @Test
    void microsipCrlfRecordsAnsiAndCompactFoldedHeaders() {
        String log = "\u001b[36m" + block("10:00:01.000", "RX", "UDP 198.51.100.7:5060", invite("c@x", true));
        SipMessage m = sip(read(PJSIP, log.replace("\n", "\r\n"))).get(0);
        assertEquals("c@x", m.getCallId());
        assertEquals("fi", m.getFromTag());
        assertEquals(List.of("PCMU", "PCMA"), m.getAudioCodecs());
    }

    @Test
    void aRecordCutAt4000BytesEndsAtTheNextRecordAndIpv6AndEndOfFile() {
        String cut = crlf(register("cut@x", 1));
        String log;
        log = "10:00:01.000           pjsua_core.c  .TX 5000 bytes Request msg REGISTER/cseq=1 (tdta0x1) to "
                + "UDP6 [2001:db8::7]:5060:\n" + cut.substring(0, cut.indexOf("CSeq:"))
                + block("10:00:02.000", "TX", "UDP 198.51.100.7:5060", register("next@x", 2))
                + block("10:00:03.000", "TX", "UDP 198.51.100.7:5060", register("eof@x", 3));
        log = log.substring(0, log.lastIndexOf("CSeq:"));
        List<SipMessage> m = sip(read(PJSIP, log));
        assertEquals(List.of("cut@x", "next@x", "eof@x"), m.stream().map(SipMessage::getCallId).toList());
        assertEquals("[2001:db8::7]:5060", m.get(0).getPeer());
    }
}
