package org.siphint.dialect.asterisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.siphint.dialect.DialectHarness.crlf;
import static org.siphint.dialect.DialectHarness.media;
import static org.siphint.dialect.DialectHarness.notices;
import static org.siphint.dialect.DialectHarness.read;
import static org.siphint.dialect.DialectHarness.register;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.event.LogNotice;
import org.siphint.event.MediaReport;

class AsteriskNoticesAndRtcpTest {

    private static final AsteriskDialect ASTERISK = new AsteriskDialect();

    @Test
    void chanSipAndAppDialNoticesInEveryRecordForm() {
        String log = "[2026-03-04 10:00:00] VERBOSE[4712] chan_sip.c: \n<--- SIP read from UDP:198.51.100.7:5060 --->\n"
                + crlf(register("reg@x", 2)) + "\n<------------->\n"
                + "[2026-03-04 10:00:00] NOTICE[4713] chan_sip.c: Registration from '<sip:alice@example.com>' failed for "
                + "'198.51.100.7:5060' - Wrong password\n"
                // [plain] formatter / console
                + "[Mar  4 10:00:01] NOTICE[567]: chan_sip.c:26090 handle_request_invite: Failed to authenticate device "
                + "\"Bob\" <sip:bob@example.com>;tag=as1 for INVITE, code = -1\n"
                // syslog
                + "Mar  4 10:00:02 pbx asterisk[32229]: WARNING[32257][C-00000004]: chan_sip.c:4128 in retrans_pkt: "
                + "Hanging up call 3c2d@192.0.2.1 - no reply to our critical packet (see https://wiki.asterisk.org/).\n"
                + "[2026-03-04 10:00:03] NOTICE[4700] chan_sip.c: Peer '1002' is now UNREACHABLE!  Last qualify: 12\n"
                + "[2026-03-04 10:00:04] VERBOSE[4800][C-00000005] app_dial.c: Everyone is busy/congested at this time (1:1/0/0)\n"
                + "[2026-03-04 10:00:05] VERBOSE[4800][C-00000006] app_dial.c:     -- Nobody picked up in 30000 ms\n";
        List<LogNotice> n = notices(read(ASTERISK, log));
        assertEquals(List.of(LogNotice.AUTH_FAILED, LogNotice.AUTH_FAILED, LogNotice.RETRANSMISSION_TIMEOUT,
                LogNotice.CONTACT_UNREACHABLE, AsteriskNotices.DIAL_FAILED, LogNotice.NO_ANSWER),
                n.stream().map(LogNotice::getKind).toList());
        assertEquals("reg@x", n.get(0).getCallId(), "tied to the REGISTER from the address the line names");
        assertEquals("sip:bob@example.com", n.get(1).getAccount());
        assertEquals("3c2d@192.0.2.1", n.get(2).getCallId());
        assertEquals(Instant.parse("2026-03-04T10:00:02Z"), n.get(2).getTime());
        assertEquals("1002", n.get(3).get("contact"));
        assertEquals("busy", n.get(4).get("reason"));
        assertEquals("no-answer", n.get(5).get("reason"));
    }

    @Test
    void rtcpDebugRecordsBecomeMediaReports() {
        String p = "[2026-03-04 10:00:10] VERBOSE[9550][C-00000005] res_rtp_asterisk.c: ";
        String log = p + "RTCP from 198.51.100.7:4001\n" + p + "PT: 200 (Sender Report)\n" + p + "Reception reports: 1\n"
                + p + "SSRC of sender: 324822813\n" + p + "  Fraction lost: 12\n" + p + "  Packets lost so far: 57\n"
                + p + "  Interarrival jitter (secs): 0.051875\n" + p + "  RTT: 0.0412(sec)\n" + p + "  MES: 71.3\n"
                + "[2026-03-04 10:00:11] VERBOSE[9550][C-00000005] pbx.c: Executing [h@from-internal:1] NoOp(\"SIP/1\", \"\")\n"
                + p + "Got RTCP from 198.51.100.8:4001\n" + p + "  Fraction lost: 0\n";
        List<MediaReport> r = media(read(ASTERISK, log));
        assertEquals(2, r.size());
        assertEquals("198.51.100.7:4001", r.get(0).getRemoteAddress());
        assertEquals(12 * 100.0 / 256, r.get(0).getLossPercent(), 1e-9, "fraction lost is x/256, not percent");
        assertEquals(57, r.get(0).getPacketsLost());
        assertEquals(51.875, r.get(0).getJitterMs(), 1e-9);
        assertEquals(41.2, r.get(0).getRttMs(), 1e-9);
        assertEquals(1, r.get(0).getOrigin().line());
        assertEquals(0.0, r.get(1).getLossPercent());
    }
}
