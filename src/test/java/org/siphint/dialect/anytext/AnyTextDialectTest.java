package org.siphint.dialect.anytext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.siphint.dialect.Dialect;
import org.siphint.dialect.DialectHarness;
import org.siphint.dialect.Dialects;
import org.siphint.dialect.LogClock;
import org.siphint.dialect.PendingMessage;
import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.event.SipMessage;

/** SIP messages found inside logs of formats no dialect knows. */
class AnyTextDialectTest {

    private static final Dialect ANYTEXT = new AnyTextDialect();

    private static final String INVITE_LINES = """
            INVITE sip:2001@pbx.example.com SIP/2.0
            Via: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bK-a1
            From: <sip:alice@pbx.example.com>;tag=f1
            To: <sip:2001@pbx.example.com>
            Call-ID: c1@test
            CSeq: 1 INVITE
            Content-Length: 0
            """;

    private static List<SipMessage> messages(List<LogEvent> events) {
        return events.stream().filter(SipMessage.class::isInstance).map(SipMessage.class::cast).toList();
    }

    private static String sample(String name) throws IOException {
        return Files.readString(Path.of("sample-logs", name), StandardCharsets.UTF_8);
    }

    private static String prefixed(String prefix, String lines) {
        StringBuilder out = new StringBuilder();
        for (String l : lines.split("\n", -1)) {
            out.append(prefix).append(l.isEmpty() ? "" : " " + l).append('\n');
        }
        return out.toString();
    }

    @Test
    void samplesOfUnknownFormatsAreGuessedAndKnownOnesAreNot() throws IOException {
        for (String name : List.of("twinkle/register-wrong-password.log", "jitsi/call-not-acceptable.log",
                "grandstream/register-forbidden.log")) {
            List<String> head = sample(name).lines().limit(Dialects.DETECTION_LINES).toList();
            assertEquals(AnyTextDialect.ID, Dialects.detect(head).orElseThrow().id(), name);
        }
        for (String name : List.of("pjsip/call-not-acceptable.log", "asterisk/call-ok.log", "raw/call-forbidden.log",
                "raw/register-wrong-password.log", "freeswitch/call-ok.log", "bria/call-ok.log")) {
            List<String> head = sample(name).lines().limit(Dialects.DETECTION_LINES).toList();
            String id = Dialects.detect(head).orElseThrow().id();
            assertTrue(!id.equals(AnyTextDialect.ID), name + " was guessed");
        }
    }

    @Test
    void twinkleRecordsGiveTimeDirectionAndPeer() throws IOException {
        List<SipMessage> m = messages(DialectHarness.read(ANYTEXT, sample("twinkle/register-wrong-password.log")));
        assertEquals(4, m.size());
        assertEquals("REGISTER", m.get(0).getMethod());
        assertEquals(Direction.SENT, m.get(0).getDirection());
        assertEquals("127.0.0.1:5080", m.get(0).getPeer());
        assertEquals(Instant.parse("2026-12-05T17:14:43.750078Z"), m.get(0).getTime(), "d-m-yyyy of the +++ line");
        assertEquals(401, m.get(1).getStatus());
        assertEquals(Direction.RECEIVED, m.get(1).getDirection());
        assertEquals("127.0.0.1:5080", m.get(1).getPeer());
        assertTrue(m.get(2).getText().contains("Authorization"), "header lines kept whole");
        assertEquals(Direction.SENT, m.get(2).getDirection());
    }

    @Test
    void jitsiRecordsWithBodyAreFramedByContentLength() throws IOException {
        List<SipMessage> m = messages(DialectHarness.read(ANYTEXT, sample("jitsi/call-not-acceptable.log")));
        assertEquals(List.of("INVITE", "100", "488", "ACK"), m.stream()
                .map(s -> s.isRequest() ? s.getMethod() : String.valueOf(s.getStatus())).toList());
        assertEquals(List.of("G729"), m.get(0).getAudioCodecs().stream().map(Object::toString)
                .map(s -> s.replaceAll("[^A-Z0-9].*", "")).toList().subList(0, 1));
        assertEquals(Direction.SENT, m.get(0).getDirection());
        assertEquals("192.0.2.10:5060", m.get(0).getPeer(), "to=\"...\" of a sent message");
        assertEquals(Direction.RECEIVED, m.get(2).getDirection());
        assertEquals("192.0.2.10:5060", m.get(2).getPeer(), "from=\"...\" of a received message");
        assertTrue(!m.get(0).getText().contains("JAIN-SIP"), "the next record is not part of the body");
    }

    @Test
    void syslogPrefixOnEveryLineIsStrippedAndTheYearComesFromTheFile() throws IOException {
        List<SipMessage> m = messages(DialectHarness.read(ANYTEXT, sample("grandstream/register-forbidden.log")));
        assertEquals(4, m.size());
        assertEquals(403, m.get(3).getStatus());
        assertEquals(Direction.RECEIVED, m.get(3).getDirection(), "\"Received SIP message from\"");
        assertEquals("192.0.2.10:5060", m.get(3).getPeer());
        assertEquals(Instant.parse("2026-03-04T11:40:11Z"), m.get(3).getTime());
        assertTrue(m.get(0).getText().startsWith("REGISTER sip:pbx.example.com SIP/2.0\nVia: SIP/2.0/UDP"),
                m.get(0).getText());
    }

    @Test
    void prefixMatchesByShapeAcrossASecondAndADayChange() {
        String log = "Dec  9 23:59:59 phone sipd[12]: SIP/2.0 200 OK\n"
                + "Dec  9 23:59:59 phone sipd[12]: Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1\n"
                + "Dec 10 00:00:00 phone sipd[12]: From: <sip:a@x>;tag=1\n"
                + "Dec 10 00:00:00 phone sipd[12]: To: <sip:a@x>;tag=2\n"
                + "Dec 10 00:00:00 phone sipd[12]: Call-ID: day@x\n"
                + "Dec 10 00:00:00 phone sipd[12]: CSeq: 7 REGISTER\n"
                + "Dec 10 00:00:00 phone sipd[12]:\n"
                + "Dec 10 00:00:01 phone sipd[12]: registered\n";
        List<SipMessage> m = messages(DialectHarness.read(ANYTEXT, log));
        assertEquals(1, m.size());
        assertEquals("day@x", m.get(0).getCallId());
        assertEquals("7 REGISTER", m.get(0).getText().lines().filter(l -> l.startsWith("CSeq")).findFirst()
                .orElseThrow().substring(6));
    }

    @Test
    void withoutWordsTheViaTellsDirectionLearnedFromMessagesTheWordsDid() {
        String log = "10:00:00.100 sip: send to 192.0.2.10:5060\n" + INVITE_LINES + "\n"
                + "10:00:00.200 sip: message\n"
                + "SIP/2.0 100 Trying\nVia: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bK-a1\nFrom: <sip:alice@pbx.example.com>;tag=f1\n"
                + "To: <sip:2001@pbx.example.com>\nCall-ID: c1@test\nCSeq: 1 INVITE\nContent-Length: 0\n\n";
        List<SipMessage> m = messages(DialectHarness.read(ANYTEXT, log));
        assertEquals(Direction.SENT, m.get(0).getDirection());
        assertEquals(Direction.RECEIVED, m.get(1).getDirection(), "its top Via is this side's own");
        assertEquals("192.0.2.10:5060", m.get(1).getPeer(), "the peer its request went to");
        assertEquals(Instant.parse("2026-03-04T10:00:00.200Z"), m.get(1).getTime());
    }

    @Test
    void timestampForms() {
        LogClock clock = new LogClock(LocalDate.of(2026, 3, 4), ZoneOffset.UTC);
        assertEquals(Instant.parse("2026-03-04T10:12:01.123Z"), Timestamps.find("2026-03-04T10:12:01.123 x", clock));
        assertEquals(Instant.parse("2026-03-04T09:12:01Z"), Timestamps.find("[2026-03-04 10:12:01+01:00] x", clock));
        assertEquals(Instant.parse("2026-03-04T10:12:01Z"), Timestamps.find("2026/03/04 10:12:01 x", clock));
        assertEquals(Instant.parse("2026-03-04T10:12:01.5Z"), Timestamps.find("I 04/03/2026 10:12:01,5", clock));
        assertEquals(Instant.parse("2026-12-13T10:12:01Z"), Timestamps.find("12/13/2026 10:12:01 US", clock));
        assertEquals(Instant.parse("2026-03-04T10:12:01Z"), Timestamps.find("<14>Mar  4 10:12:01 phone", clock));
        assertEquals(Instant.parse("2026-03-04T10:12:02.250Z"), Timestamps.find("DEBUG 10:12:02.250 [t1]", clock));
        assertEquals(Instant.parse("2026-03-04T10:12:01.123Z"), Timestamps.find("[1772619121.123] rx", clock));
        assertEquals(Instant.parse("2026-03-04T11:00:00Z"), Timestamps.find("2026-00-04 11:00:00.000 INFO", clock),
                "month 0 (Jitsi's January): the time of day alone");
        assertNull(Timestamps.find("Via: SIP/2.0/UDP 10.0.0.1:5060", clock));
        assertNull(Timestamps.find("10.20.30.40:15:16:17", clock));
    }

    @Test
    void theFormatGuessedNoticeComesOnceBeforeTheFirstMessage() throws IOException {
        List<LogEvent> events = DialectHarness.readDetecting(sample("twinkle/register-challenge-ok.log"));
        List<LogEvent> notices = events.stream().filter(e -> e instanceof LogNotice n
                && LogNotice.FORMAT_GUESSED.equals(n.getKind())).toList();
        assertEquals(1, notices.size());
        assertEquals(notices.get(0), events.get(0));
    }

    @Test
    void hostileInputHasAClearOutcomeInBoundedTime() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            // a huge line full of near-start lines, header look-alikes and addresses
            String huge = "x SIP/2.0 SIP/2.0 1 to 1.2.3.4:5 [::1]:9 ".repeat(1500) + "INVITE sip:a@b SIP/2.0";
            List<SipMessage> m = messages(DialectHarness.read(ANYTEXT, huge + "\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n"
                    + "Call-ID: h\nCSeq: 1 INVITE\nFrom: <sip:a@b>;tag=1\nTo: <sip:a@b>\n\n"));
            assertEquals(1, m.size(), "the start line at the end of a long line is found");

            // binary junk
            byte[] junk = new byte[2_000_000];
            new Random(7).nextBytes(junk);
            assertTrue(messages(DialectHarness.read(ANYTEXT, junk)).isEmpty());

            // a start line without headers, and a header flood without a start line
            String flood = "SIP/2.0 200 OK\nplain text\n" + "Via: SIP/2.0/UDP h;branch=z9hG4bK1\n".repeat(50_000);
            assertTrue(messages(DialectHarness.read(ANYTEXT, flood)).isEmpty());

            // a message truncated at EOF, and a Content-Length larger than the file
            String cut = INVITE_LINES.replace("Content-Length: 0", "Content-Length: 99999999") + "\nv=0\no=- 1 1 IN IP4 h";
            List<SipMessage> truncated = messages(DialectHarness.read(ANYTEXT, cut));
            assertEquals(1, truncated.size());
            assertTrue(truncated.get(0).getText().endsWith("o=- 1 1 IN IP4 h"), truncated.get(0).getText());

            // a lying Content-Length followed by endless body lines: the message stays bounded
            String endless = INVITE_LINES.replace("Content-Length: 0", "Content-Length: 2000000000") + "\n"
                    + "a=x\n".repeat(100_000) + INVITE_LINES;
            List<SipMessage> bounded = messages(DialectHarness.read(ANYTEXT, endless));
            assertEquals(2, bounded.size(), "cut at the bound, the next message is found");
            assertTrue(bounded.get(0).getText().lines().count() <= PendingMessage.MAX_LINES);
        });
    }

    @Test
    void linesPrefixedOrNotBothRead() {
        List<SipMessage> bare = messages(DialectHarness.read(ANYTEXT,
                "2026-03-04 10:00:01,250 [pool-1] DEBUG sip - Outgoing: " + INVITE_LINES.replace("\n", "\n  ").strip()));
        // continuation lines of a message logged with an indent stay one message
        assertEquals(1, bare.size());
        List<SipMessage> each = messages(DialectHarness.read(ANYTEXT, prefixed("2026-03-04 10:00:01.250 <D> [sip]", INVITE_LINES)));
        assertEquals(1, each.size());
        assertEquals("c1@test", each.get(0).getCallId());
        assertEquals(Instant.parse("2026-03-04T10:00:01.250Z"), each.get(0).getTime());
    }
}
