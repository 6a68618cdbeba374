package org.siphint.syslog;

import org.siphint.net.NetTarget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.siphint.finding.Finding;
import org.siphint.report.ReportNames;

class SyslogFormatTest {

    private static final Instant TIME = Instant.parse("2025-03-04T10:12:01.234Z");

    static Finding finding(String severity, String situation, String cause, String account, String callId,
                           String title, String summary) {
        return new Finding(situation, cause, severity, title, TIME, callId, account, summary, "explanation",
                List.of("fix"), List.of("admin fix"), List.of(), "rule");
    }

    private static SyslogFormat format(int maxBytes) {
        return new SyslogFormat(Facility.LOCAL0, "pbx1.example.com", "4242", ZoneOffset.UTC, maxBytes);
    }

    @Test
    void aFindingIsOneRfc5424MessageWithItsStructuredData() {
        Finding f = finding("error", "sip-488", "codecs", "sip:1002@pbx.example.com", "f50947aaeb26",
                "The other side cannot accept the call's audio", "None of the offered codecs (G729) is acceptable.");
        byte[] bytes = format(2048).format(f);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertEquals("<131>1 2025-03-04T10:12:01.234Z pbx1.example.com siphint 4242 sip-488 [siphint@32473"
                + " situation=\"sip-488\" cause=\"codecs\" account=\"sip:1002@pbx.example.com\" callId=\"f50947aaeb26\""
                + " findingId=\"" + ReportNames.id(f) + "\"] The other side cannot accept the call's audio: None of the"
                + " offered codecs (G729) is acceptable.", text);
        Rfc5424 m = Rfc5424.parse(bytes);
        assertEquals(16, m.facility(), "local0");
        assertEquals(3, m.severity(), "err");
        assertEquals("sip-488", m.msgId());
        assertEquals("siphint@32473", m.sdId());
        assertFalse(m.bom(), "an ASCII message needs no BOM");
    }

    @Test
    void severityAndFacilityMakeThePri() {
        assertEquals(4 * 8 + 4, Rfc5424.parse(new SyslogFormat(Facility.AUTH, "h", "1", ZoneOffset.UTC, 2048)
                .format(finding("warning", "sip-401", null, null, null, "t", "s"))).pri());
        assertEquals(3 * 8 + 6, Rfc5424.parse(new SyslogFormat(Facility.DAEMON, "h", "1", ZoneOffset.UTC, 2048)
                .format(finding("info", "sip-480", null, null, null, "t", "s"))).pri());
        assertEquals(23 * 8 + 3, Rfc5424.parse(new SyslogFormat(Facility.parse("local7"), "h", "1", ZoneOffset.UTC, 2048)
                .format(finding("error", "x", null, null, null, "t", "s"))).pri());
        assertEquals(Facility.DAEMON, Facility.parse("3"));
        assertThrows(IllegalArgumentException.class, () -> Facility.parse("local8"));
    }

    @Test
    void theTimestampIsRfc3339WithTheZonesOffset() {
        SyslogFormat berlin = new SyslogFormat(Facility.DAEMON, "h", "1", ZoneId.of("Europe/Berlin"), 2048);
        assertEquals("2025-03-04T11:12:01.234+01:00", berlin.timestamp(TIME));
        assertEquals("2025-07-04T12:00:00.000+02:00", berlin.timestamp(Instant.parse("2025-07-04T10:00:00Z")));
        assertEquals("2025-03-04T10:12:01.234Z", format(2048).timestamp(TIME));
        assertTrue(Rfc5424.TIMESTAMP.matcher(berlin.timestamp(TIME)).matches());
        assertEquals("-", berlin.timestamp(null));
        assertEquals("-", berlin.timestamp(Instant.parse("+10000-01-01T00:00:00Z")), "a year of five digits is no RFC 3339 date");
    }

    @Test
    void absentFieldsAreNilOrLeftOut() {
        Finding f = new Finding("sip-408", null, "warning", "", null, null, null, "", "", List.of(), List.of(), List.of(), "r");
        Rfc5424 m = Rfc5424.parse(new SyslogFormat(Facility.DAEMON, null, null, ZoneOffset.UTC, 2048).format(f));
        assertEquals("-", m.timestamp());
        assertEquals("-", m.hostname());
        assertEquals("-", m.procId());
        assertEquals(Map.of("situation", "sip-408", "findingId", ReportNames.id(f)), m.params());
        assertNull(m.msg(), "no text, no MSG");
        assertEquals("-", Rfc5424.parse(format(2048).format(new Finding(null, null, "error", "t", TIME, null, null, "s", "",
                List.of(), List.of(), List.of(), "r"))).msgId());
    }

    @Test
    void headerFieldsArePrintableAsciiOfTheGrammarsLength() {
        assertEquals("a_b_c", SyslogFormat.headerField("a b\u00e9c", 32));
        assertEquals("x".repeat(32), SyslogFormat.headerField("x".repeat(40), 32));
        Rfc5424 m = Rfc5424.parse(new SyslogFormat(Facility.DAEMON, "h\u00f6st name", "1", ZoneOffset.UTC, 2048)
                .format(finding("error", "a situation with spaces and more than thirty-two characters", null, null, null, "t", "s")));
        assertEquals("h_st_name", m.hostname());
        assertEquals(32, m.msgId().length());
    }

    @Test
    void hostileLogTextIsEscapedInTheStructuredDataAndOneLineEverywhere() {
        String account = "sip:evil\"] [other@32473 x=\"1\"]@x";
        String callId = "call\\id]\n<14>1 - forged - - - - injected";
        String summary = "Gr\u00fc\u00dfe \ud83d\udcde\r\n<13>1 2025-01-01T00:00:00Z forged siphint - x - fake\u202e\u0007";
        Finding f = finding("error", "sip-404", "number\"format", account, callId, "Not found", summary);
        byte[] bytes = format(2048).format(f);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(text.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == 0x202e), "no control or bidi characters: " + text);
        assertTrue(text.contains("account=\"sip:evil\\\"\\] [other@32473 x=\\\"1\\\"\\]@x\""), text);
        assertTrue(text.contains("callId=\"call\\\\id\\] <14>1 - forged"), text);
        Rfc5424 m = Rfc5424.parse(bytes);
        assertEquals("sip:evil\"] [other@32473 x=\"1\"]@x", m.params().get("account"), "read back as written");
        assertEquals("number\"format", m.params().get("cause"));
        assertEquals("call\\id] <14>1 - forged - - - - injected", m.params().get("callId"));
        assertTrue(m.bom(), "a UTF-8 MSG starts with the BOM (RFC 5424 6.4)");
        assertEquals("Not found: Gr\u00fc\u00dfe \ud83d\udcde <13>1 2025-01-01T00:00:00Z forged siphint - x - fake", m.msg());
    }

    @Test
    void credentialsAreRedactedAgainBeforeTheyLeave() {
        Finding f = finding("error", "sip-401", null, "sip:alice:s3cretpw@pbx", "c1", "Refused",
                "Authorization: Digest username=\"alice\", realm=\"pbx\", nonce=\"n\", response=\"0123456789abcdef\"");
        String text = new String(format(2048).format(f), StandardCharsets.UTF_8);
        assertFalse(text.contains("s3cretpw"), text);
        assertFalse(text.contains("0123456789abcdef"), text);
    }

    @Test
    void aLongMessageIsCutAtACharacterBoundaryWithinTheLimit() {
        for (int max : new int[] {480, 481, 482, 483, 1000, 2048}) {
            Finding f = finding("warning", "call-quality", null, "sip:a@b", "c", "Poor audio", "\u20ac\ud83d\udcde".repeat(2000));
            byte[] bytes = format(max).format(f);
            assertTrue(bytes.length <= max, max + ": " + bytes.length);
            assertTrue(bytes.length >= max - 4, "filled up to the last whole character: " + bytes.length + " of " + max);
            Rfc5424 m = Rfc5424.parse(bytes); // throws on a character cut in two
            assertTrue(m.msg().startsWith("Poor audio: \u20ac"), m.msg());
        }
        assertThrows(IllegalArgumentException.class, () -> format(479));
    }

    @Test
    void hugeStructuredDataIsShortenedToFitAndStaysValid() {
        String callId = "\"]\\".repeat(3000);
        Finding f = finding("error", "sip-488", "c".repeat(5000), "\u00e9".repeat(5000), callId, "Title", "Summary");
        for (int max : new int[] {480, 2048, 8192}) {
            byte[] bytes = format(max).format(f);
            assertTrue(bytes.length <= max, max + ": " + bytes.length);
            Rfc5424 m = Rfc5424.parse(bytes);
            assertEquals("sip-488", m.params().get("situation"));
            assertTrue(callId.startsWith(m.params().get("callId")), "a prefix of the value, unescaped: " + m.params().get("callId"));
        }
        byte[] big = format(8192).format(f);
        assertEquals(SyslogFormat.VALUE_BYTES, Rfc5424.parse(big).params().get("account").getBytes(StandardCharsets.UTF_8).length,
                "each value keeps its first 256 bytes when the limit allows");
    }

    @Test
    void utf8PrefixNeverSplitsACharacter() {
        byte[] b = "a\u20ac".getBytes(StandardCharsets.UTF_8); // 1 + 3 bytes
        assertEquals(1, SyslogFormat.utf8Prefix(b, 1));
        assertEquals(1, SyslogFormat.utf8Prefix(b, 2));
        assertEquals(1, SyslogFormat.utf8Prefix(b, 3));
        assertEquals(4, SyslogFormat.utf8Prefix(b, 4));
        assertEquals(0, SyslogFormat.utf8Prefix(b, 0));
    }

    @Test
    void targetsAreUdpOrTcpUrisWithLoopbackAsTheEmptyHost() {
        assertEquals(new NetTarget(NetTarget.Transport.UDP, "127.0.0.1", 514), NetTarget.parse("udp://127.0.0.1:514", SyslogSink.DEFAULT_PORT));
        assertEquals(new NetTarget(NetTarget.Transport.TCP, "logs.example.com", 514), NetTarget.parse("tcp://logs.example.com", SyslogSink.DEFAULT_PORT));
        assertEquals(new NetTarget(NetTarget.Transport.TCP, "::1", 6514), NetTarget.parse("TCP://[::1]:6514", SyslogSink.DEFAULT_PORT));
        NetTarget loop = NetTarget.parse("udp://:5514", SyslogSink.DEFAULT_PORT);
        assertEquals("", loop.host());
        assertEquals(5514, loop.port());
        for (String bad : new String[] {"syslog://h:514", "udp://h:514/path", "udp://user@h:514", "h:514", "", "udp://:x",
                "udp://h:70000"}) {
            assertThrows(IllegalArgumentException.class, () -> NetTarget.parse(bad, SyslogSink.DEFAULT_PORT), bad);
        }
    }
}
