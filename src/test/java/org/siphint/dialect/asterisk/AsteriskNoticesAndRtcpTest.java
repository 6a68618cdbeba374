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
    void failuresBelowSipInEveryModulesWords() {
        String log = "[2026-03-04 10:00:00] ERROR[10316] tcptls.c: Unable to connect SIP socket to 192.0.2.6:5068: Connection refused\n"
                // pjlib's handshake error forwarded by res_pjproject (OpenSSL 3 wording)
                + "[2026-03-04 10:00:01] WARNING[4040] pjproject:       ssl0xb5ccd7535510 SSL_ERROR_SSL (Handshake): Level: 0 "
                + "err: <167772294> <error:0A000086:SSL routines::certificate verify failed> len: 0 peer: 203.0.113.41:5061\n"
                + "[2026-03-04 10:00:02] ERROR[1215] res_pjsip/pjsip_transport_events.c: Transport 'transport-tls' to remote "
                + "'sip.carrier.example' - 203.0.113.41:5061 - The server identity does not match to any identities specified in the certificate\n"
                + "[2026-03-04 10:00:03] ERROR[2578][C-00000000]: netsock2.c:303 ast_sockaddr_resolve: getaddrinfo(\"hammerhead\", "
                + "\"(null)\", ...): Name or service not known\n"
                + "[2026-03-04 10:00:04] ERROR[2225] chan_sip.c: srvlookup failed for host: sip.carrier.invalid, on peer carrier, removing peer\n"
                + "[2026-03-04 10:00:05] WARNING[2225] acl.c: Unable to lookup 'pbx.branch.invalid'\n";
        List<LogNotice> n = notices(read(ASTERISK, log));
        assertEquals(List.of(LogNotice.TRANSPORT_FAILED, LogNotice.TRANSPORT_FAILED, LogNotice.TRANSPORT_FAILED,
                LogNotice.DNS_FAILED, LogNotice.DNS_FAILED, LogNotice.DNS_FAILED), n.stream().map(LogNotice::getKind).toList());
        assertEquals("192.0.2.6:5068", n.get(0).getPeer());
        assertEquals("tcp-refused", n.get(0).get("cause"));
        assertEquals("203.0.113.41:5061", n.get(1).getPeer());
        assertEquals("certificate verify failed", n.get(1).get("reason"));
        assertEquals("tls-handshake", n.get(2).get("cause"));
        assertEquals("hammerhead", n.get(3).get("host"));
        assertEquals("SRV", n.get(4).get("record"));
        assertEquals("pbx.branch.invalid", n.get(5).get("host"));
    }

    @Test
    void whatIsNoFailureBelowSipStaysQuiet() {
        String log = "[2026-03-04 10:00:00] NOTICE[1215] res_pjsip/pjsip_transport_events.c: Transport 'transport-tls' to remote "
                + "'lab.example.test' - 198.51.100.77:5061 - The certificate is untrusted\n" // verify_server=no: the call goes on
                + "[2026-03-04 10:00:01] NOTICE[1215] res_pjsip/pjsip_transport_events.c: Transport 'transport-tls' to remote "
                + "'sip.carrier.example' - 203.0.113.41:5061 - OK\n"
                + "[2026-03-04 10:00:02] ERROR[1230] res_pjsip.c: Error 171060 'Unsupported transport (PJSIP_EUNSUPTRANSPORT)' "
                + "sending OPTIONS request to endpoint wss-phone\n" // configuration, not the network
                + "[2026-03-04 10:00:03] ERROR[1203] netsock2.c: getaddrinfo(\"192.0.2.9\", \"(null)\", ...): Address family for hostname not supported\n";
        assertEquals(List.of(), notices(read(ASTERISK, log)));
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
