package org.siphint.dialect.freeswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.siphint.dialect.DialectHarness.invite;
import static org.siphint.dialect.DialectHarness.notices;
import static org.siphint.dialect.DialectHarness.read;
import static org.siphint.dialect.DialectHarness.register;
import static org.siphint.dialect.DialectHarness.response;
import static org.siphint.dialect.DialectHarness.sip;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.event.SipMessage;

class FreeswitchDialectTest {

    private static final FreeswitchDialect FS = new FreeswitchDialect();
    private static final String DASHES = "-".repeat(72);

    /** A trace block in the current layout: header, dashes, message with LF, blank line. */
    private static String trace(String what, String proto, String peer, String time, String message) {
        String via = what.equals("recv") ? "from" : "to";
        int bytes = message.replace("\n", "\r\n").length();
        return what + " " + bytes + " bytes " + via + " " + proto + "/" + peer + " at " + time + ":\n" + DASHES + "\n"
                + message + "\n";
    }

    private static String record(String time, String level, String text) {
        return "2026-03-04 " + time + " 97.53% [" + level + "] sofia.c:7230 " + text + "\n";
    }

    @Test
    void framesReadsWithDirectionPeerTransportAndLines() {
        String log = record("10:12:01.000001", "INFO", "sofia profile internal started")
                + trace("recv", "udp", "[198.51.100.7]:5060", "10:12:02.100000", register("r1@x", 1))
                + trace("send", "udp", "[198.51.100.7]:5060", "10:12:02.101000", response(401, "Unauthorized", "r1@x", 1));
        List<SipMessage> m = sip(read(FS, log));
        assertEquals(2, m.size());
        assertEquals(Direction.RECEIVED, m.get(0).getDirection());
        assertEquals("198.51.100.7:5060", m.get(0).getPeer());
        assertEquals("UDP", m.get(0).getTransport());
        assertEquals("REGISTER", m.get(0).getMethod());
        assertEquals("r1@x", m.get(0).getCallId());
        assertEquals(4, m.get(0).getOrigin().line(), "the start line of the message");
        assertEquals(Direction.SENT, m.get(1).getDirection());
        assertEquals(401, m.get(1).getStatus());
        assertEquals(Instant.parse("2026-03-04T10:12:02.101Z"), m.get(1).getTime());
    }

    @Test
    void traceHeaderTakesItsDateFromTheRecordsAroundIt() {
        // the file's own date (DialectHarness.FILE_DATE) is 2026-03-04; the records say 2025-12-31
        String log = trace("recv", "udp", "[198.51.100.7]:5060", "23:59:59.500000", register("a@x", 1))
                + "2026-01-01 00:00:00.400000 [INFO] mod_sofia.c:100 after midnight\n"
                + trace("send", "udp", "[198.51.100.7]:5060", "00:00:00.500000", response(200, "OK", "a@x", 1));
        List<SipMessage> m = sip(read(FS, log));
        assertEquals(Instant.parse("2025-12-31T23:59:59.500Z"), m.get(0).getTime(), "date of the next record, a day back");
        assertEquals(Instant.parse("2026-01-01T00:00:00.500Z"), m.get(1).getTime());
    }

    @Test
    void timeOnlyTracesRollOverAtMidnight() {
        String log = record("23:59:58.000000", "INFO", "before")
                + trace("recv", "udp", "[198.51.100.7]:5060", "23:59:59.900000", register("m@x", 1))
                + trace("send", "udp", "[198.51.100.7]:5060", "00:00:00.100000", response(200, "OK", "m@x", 1));
        List<SipMessage> m = sip(read(FS, log));
        assertEquals(Instant.parse("2026-03-04T23:59:59.900Z"), m.get(0).getTime());
        assertEquals(Instant.parse("2026-03-05T00:00:00.100Z"), m.get(1).getTime());
    }

    @Test
    void oldLayoutIsIndentedAndKeepsMessagesWhoseLinesOtherThreadsInterleave() {
        String message = register("old@x", 1);
        StringBuilder log = new StringBuilder(record("10:00:00.000000", "INFO", "start"));
        log.append("recv 400 bytes from udp/[198.51.100.7]:5060 at 10:00:01.000000:\n   ").append(DASHES).append('\n');
        String[] lines = message.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            log.append("   ").append(lines[i]).append('\n');
            if (i == 3) {
                log.append("2026-03-04 10:00:01.000100 [DEBUG] switch_core_state_machine.c:585 other thread\n");
            }
        }
        log.append("   ").append(DASHES).append('\n');
        List<SipMessage> m = sip(read(FS, log.toString()));
        assertEquals(1, m.size());
        assertEquals("old@x", m.get(0).getCallId());
        assertEquals("<sip:alice@example.com>", m.get(0).getTo());
        assertEquals(1, m.get(0).getCseq());
    }

    @Test
    void ansiColoursAndCarriageReturnsOfFsCliAreCleaned() {
        String log = "\u001b[m\u001b[32m" + record("10:00:00.000000", "INFO", "start")
                + "\u001b[m\u001b[m" + trace("recv", "udp", "[198.51.100.7]:5060", "10:00:01.000000",
                register("ansi@x", 1)).replace("REGISTER sip", "typing\rREGISTER sip");
        List<SipMessage> m = sip(read(FS, log));
        assertEquals(1, m.size());
        assertEquals("ansi@x", m.get(0).getCallId());
    }

    @Test
    void crlfFilesReadLikeLfFiles() {
        String log = record("10:00:00.000000", "INFO", "start")
                + trace("recv", "udp", "[198.51.100.7]:5060", "10:00:01.000000", invite("crlf@x", false));
        List<SipMessage> lf = sip(read(FS, log));
        List<SipMessage> crlf = sip(read(FS, log.replace("\n", "\r\n")));
        assertEquals(1, lf.size());
        assertEquals(1, crlf.size());
        assertEquals(lf.get(0).getAudioCodecs(), crlf.get(0).getAudioCodecs());
        assertEquals(List.of("PCMU", "PCMA"), crlf.get(0).getAudioCodecs(), "the blank line inside the body is kept");
    }

    @Test
    void aTcpReadWithTwoMessagesGivesBoth() {
        String two = response(100, "Trying", "t@x", 1) + response(200, "OK", "t@x", 1);
        String log = record("10:00:00.000000", "INFO", "start")
                + trace("recv", "tcp", "[198.51.100.7]:5060", "10:00:01.000000", two);
        List<SipMessage> m = sip(read(FS, log));
        assertEquals(2, m.size());
        assertEquals(100, m.get(0).getStatus());
        assertEquals(200, m.get(1).getStatus());
        assertEquals("TCP", m.get(1).getTransport());
        assertEquals(4 + 8, m.get(1).getOrigin().line());
    }

    @Test
    void aMessageCutAcrossTwoTcpReadsIsJoined() {
        String message = invite("frag@x", false);
        int cut = message.indexOf("Content-Type");
        String log = record("10:00:00.000000", "INFO", "start")
                + trace("recv", "tls", "[198.51.100.7]:5061", "10:00:01.000000", message.substring(0, cut))
                + record("10:00:01.000100", "DEBUG", "another thread between the reads")
                + trace("recv", "tls", "[198.51.100.7]:5061", "10:00:01.000200", message.substring(cut));
        List<SipMessage> m = sip(read(FS, log));
        assertEquals(1, m.size());
        assertEquals("frag@x", m.get(0).getCallId());
        assertEquals(List.of("PCMU", "PCMA"), m.get(0).getAudioCodecs());
        assertEquals("TLS", m.get(0).getTransport());
    }

    @Test
    void compactAndFoldedHeadersAreRead() {
        String log = record("10:00:00.000000", "INFO", "start")
                + trace("recv", "udp", "[198.51.100.7]:5060", "10:00:01.000000", invite("compact@x", true));
        SipMessage m = sip(read(FS, log)).get(0);
        assertEquals("compact@x", m.getCallId());
        assertEquals("fi", m.getFromTag());
        assertTrue(m.getFrom().contains("<sip:alice@example.com>"), m.getFrom());
    }

    @Test
    void ipv6PeersKeepTheirBrackets() {
        String log = record("10:00:00.000000", "INFO", "start")
                + trace("send", "udp", "[2001:db8::7]:5060", "10:00:01.000000", register("v6@x", 1));
        SipMessage m = sip(read(FS, log)).get(0);
        assertEquals("[2001:db8::7]:5060", m.getPeer());
        assertEquals(Direction.SENT, m.getDirection());
    }

    @Test
    void aMessageTruncatedAtEndOfFileIsStillRead() {
        String message = invite("eof@x", false);
        String log = record("10:00:00.000000", "INFO", "start")
                + trace("recv", "udp", "[198.51.100.7]:5060", "10:00:01.000000", message)
                        .substring(0, 200 + message.indexOf("CSeq"));
        List<SipMessage> m = sip(read(FS, log));
        assertEquals(1, m.size());
        assertEquals("eof@x", m.get(0).getCallId());
    }

    @Test
    void aRecordEndsATraceThatLostItsTrailingBlankLine() {
        String log = record("10:00:00.000000", "INFO", "start")
                + trace("recv", "udp", "[198.51.100.7]:5060", "10:00:01.000000", register("a@x", 1)).stripTrailing()
                + "\n" + record("10:00:01.100000", "NOTICE", "something")
                + trace("recv", "udp", "[198.51.100.7]:5060", "10:00:02.000000", register("b@x", 2));
        List<SipMessage> m = sip(read(FS, log));
        assertEquals(List.of("a@x", "b@x"), m.stream().map(SipMessage::getCallId).toList());
    }

    @Test
    void hangupCausesCarryTheirSipStatusAndTheCallIdOfTheirChannel() {
        String uuid = "8d261e38-5336-4cb2-86ae-cc3adda922bc";
        String log = uuid + " 2026-03-04 10:00:00.000000 97.10% [INFO] sofia.c:10460 sofia/internal/1000@192.0.2.5 "
                + "receiving invite from 198.51.100.7:5060 version: 1.10.12-release 64bit call-id: abc@x\n"
                + uuid + " 2026-03-04 10:00:00.100000 97.10% [NOTICE] sofia.c:7230 Hangup sofia/internal/1000@192.0.2.5 "
                + "[CS_CONSUME_MEDIA] [INCOMPATIBLE_DESTINATION]\n"
                + "2026-03-04 10:00:00.200000 97.10% [INFO] mod_dptools.c:3635 Originate Failed.  Cause: USER_BUSY\n"
                + uuid + " 2026-03-04 10:00:30.000000 97.10% [NOTICE] switch_core_session.c:1 Hangup sofia/internal/1000@192.0.2.5 "
                + "[CS_EXECUTE] [MEDIA_TIMEOUT]\n";
        List<LogNotice> n = notices(read(FS, log));
        assertEquals(3, n.size());
        assertEquals(LogNotice.HANGUP, n.get(0).getKind());
        assertEquals("488", n.get(0).get("sipStatus"));
        assertEquals("abc@x", n.get(0).getCallId());
        assertEquals("486", n.get(1).get("sipStatus"));
        assertNull(n.get(1).getCallId());
        assertEquals(LogNotice.RTP_TIMEOUT, n.get(2).getKind());
        assertEquals(4, n.get(2).getOrigin().line());
    }

    @Test
    void authFailuresNameTheAccountAndTheRequestFromThatAddress() {
        String log = record("10:00:00.000000", "INFO", "start")
                + trace("recv", "udp", "[198.51.100.7]:5060", "10:00:01.000000", register("auth@x", 2))
                + "2026-03-04 10:00:01.000100 [WARNING] sofia_reg.c:1787 SIP auth failure (REGISTER) on sofia profile "
                + "'internal' for [1000@192.0.2.5] from ip 198.51.100.7\n"
                + "2026-03-04 10:00:02.000000 [WARNING] sofia_reg.c:3210 Can't find user [102@192.0.2.5] from 203.0.113.9\n"
                + "You must define a domain called '192.0.2.5' in your directory and add a user with the id=\"102\" attribute\n";
        List<LogEvent> events = read(FS, log);
        List<LogNotice> n = notices(events);
        assertEquals(2, n.size());
        assertEquals(LogNotice.AUTH_FAILED, n.get(0).getKind());
        assertEquals("1000@192.0.2.5", n.get(0).getAccount());
        assertEquals("auth@x", n.get(0).getCallId());
        assertEquals(LogNotice.NO_MATCHING_ENDPOINT, n.get(1).getKind());
        assertEquals(1, sip(events).size());
    }
}
