package org.siphint.dialect.baresip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.dialect.RecordedLogHarness;
import org.siphint.dialect.Dialects;
import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.event.MediaReport;
import org.siphint.event.Role;
import org.siphint.event.SipMessage;

/** Output of baresip 1.0.0 recorded in the lab (register-wrong-password, one-way-audio, call-quality). */
class BaresipDialectTest {

    private static final String ESC = "\u001b";

    static final String REGISTRATION = """
            baresip v1.0.0 Copyright (C) 2010 - 2020 Alfred E. Heggestad et al.
            Local network address:  IPv4=eth0|192.0.2.2  IPv6=eth0|fd00::2
            aucodec: PCMU/8000/1
            E[36;1m#
            UDP 127.0.0.1:20042 -> 127.0.0.1:20040
            REGISTER sip:127.0.0.1:20040 SIP/2.0\r
            Via: SIP/2.0/UDP 127.0.0.1:20042;branch=z9hG4bK26f3ca760a5bc0a8;rport\r
            Contact: <sip:alice-0x5648039d80b0@127.0.0.1:20042>;expires=3854\r
            Max-Forwards: 70\r
            To: <sip:alice@127.0.0.1:20040>\r
            From: <sip:alice@127.0.0.1:20040>;tag=b63d6ca6431b4a19\r
            Call-ID: cbbdce2059a09ddc\r
            CSeq: 33408 REGISTER\r
            User-Agent: baresip v1.0.0 (x86_64/linux)\r
            Allow: INVITE,ACK,BYE,CANCEL,OPTIONS,NOTIFY,SUBSCRIBE,INFO,MESSAGE,REFER\r
            Content-Length: 0\r
            \r
            E[;m
            Populated 1 account
            baresip is ready.
            E[36;1m#
            UDP 127.0.0.1:20040 -> 127.0.0.1:20042
            SIP/2.0 401 Unauthorized\r
            Via: SIP/2.0/UDP 127.0.0.1:20042;branch=z9hG4bK26f3ca760a5bc0a8;rport=20042;received=127.0.0.1\r
            To: <sip:alice@127.0.0.1:20040>;tag=fe7d4fc1924224fca12bc9f30950bf82.886c9cf9\r
            From: <sip:alice@127.0.0.1:20040>;tag=b63d6ca6431b4a19\r
            Call-ID: cbbdce2059a09ddc\r
            CSeq: 33408 REGISTER\r
            WWW-Authenticate: Digest realm="siplab", nonce="aweLrmsHioKyRD0Jw53r1+sSL7E+gyUr"\r
            Server: kamailio (5.6.3 (x86_64/linux))\r
            Content-Length: 0\r
            \r
            E[;m
            E[31mreg: sip:alice@127.0.0.1:20040: 401 Unauthorized (kamailio (5.6.3 (x86_64/linux)))
            E[;mua: stop all (forced=0)
            """.replace("E[", ESC + "[");

    static final String ONE_WAY = """
            alice@127.0.0.1: Call established: sip:100@127.0.0.1:20420
            call: error in "audio" rtp stream (Connection timed out)
            EX=BareSip;ERROR=No RTCP stats collected;
            sip:alice@127.0.0.1:20420: Call with sip:100@127.0.0.1:20420 terminated (duration: 10 secs)

            audio           Transmit:     Receive:
            packets:            501            0
            avg. bitrate:      63.9          0.0  (kbit/s)
            errors:               0            0
            ua: stop all (forced=0)
            """;

    static final String QUALITY = """
            stream: incoming rtp for 'audio' established, receiving from 10.231.0.2:20466
            sip:alice@10.231.0.1:20460: Call with sip:bob@10.231.0.1:20460 terminated (duration: 8 secs)

            audio           Transmit:     Receive:
            packets:            411          344
            avg. bitrate:      64.1         53.7  (kbit/s)
            errors:               0            0
            pkt.report:         249          212
            lost:                35           35
            jitter:             7.0          7.3  (ms)
            E[36;1m#
            UDP 10.231.0.1:20460 -> 10.231.0.1:20462
            SIP/2.0 200 OK\r
            Via: SIP/2.0/UDP 10.231.0.1:20462;received=10.231.0.1;branch=z9hG4bKd910c691b735338a;rport=20462\r
            Call-ID: 0a1b\r
            CSeq: 2 BYE\r
            Content-Length: 0\r
            \r
            E[;m
            """.replace("E[", ESC + "[");

    @Test
    void framesTraceBlocksAndTellsDirectionByTheLocalAddress() {
        List<LogEvent> events = RecordedLogHarness.read(new BaresipDialect(), REGISTRATION);
        List<SipMessage> messages = RecordedLogHarness.only(events, SipMessage.class);
        assertEquals(2, messages.size());
        SipMessage register = messages.get(0);
        assertEquals(Direction.SENT, register.getDirection());
        assertEquals("127.0.0.1:20040", register.getPeer());
        assertEquals("UDP", register.getTransport());
        assertEquals(6, register.getOrigin().line());
        assertEquals(Role.SOFTPHONE, register.getRole());
        SipMessage challenge = messages.get(1);
        assertEquals(Direction.RECEIVED, challenge.getDirection());
        assertEquals("127.0.0.1:20040", challenge.getPeer());
        assertEquals(401, challenge.getStatus());
        assertEquals("siplab", challenge.getChallengeRealm());
        // 1.0 writes no time: the file's date and the last time seen
        assertEquals(Instant.parse("2026-11-26T00:00:00Z"), challenge.getTime());
    }

    @Test
    void readsTheRegistrationResult() {
        List<LogNotice> notices = RecordedLogHarness.only(RecordedLogHarness.read(new BaresipDialect(), REGISTRATION),
                LogNotice.class);
        assertEquals(1, notices.size());
        assertEquals(LogNotice.REGISTRATION_FAILED, notices.get(0).getKind());
        assertEquals("sip:alice@127.0.0.1:20040", notices.get(0).getAccount());
        assertEquals("401", notices.get(0).get("status"));
        assertEquals("Unauthorized", notices.get(0).get("reason"));
    }

    @Test
    void anRtpTimeoutAndTheStreamTableGiveAOneWayReport() {
        List<LogEvent> events = RecordedLogHarness.read(new BaresipDialect(), ONE_WAY);
        List<LogNotice> notices = RecordedLogHarness.only(events, LogNotice.class);
        assertEquals(LogNotice.RTP_TIMEOUT, notices.get(0).getKind());
        MediaReport report = RecordedLogHarness.only(events, MediaReport.class).get(0);
        assertEquals(501, report.getPacketsSent());
        assertEquals(0, report.getPacketsReceived());
        assertTrue(report.isRtpTimeout());
        assertTrue(report.isStreamEnd());
        assertEquals(6, report.getOrigin().line());
    }

    @Test
    void theStreamTableGivesLossAndJitterWhenRtcpCame() {
        List<LogEvent> events = RecordedLogHarness.read(new BaresipDialect(), QUALITY);
        MediaReport report = RecordedLogHarness.only(events, MediaReport.class).get(0);
        assertEquals(411, report.getPacketsSent());
        assertEquals(344, report.getPacketsReceived());
        assertEquals(35, report.getPacketsLost());
        assertEquals(7.3, report.getJitterMs(), 1e-9);
        assertEquals(100.0 * 35 / (35 + 344), report.getLossPercent(), 1e-9);
        assertEquals("10.231.0.2:20466", report.getRemoteAddress());
        assertEquals(false, report.isRtpTimeout());
        assertEquals(1, RecordedLogHarness.only(events, SipMessage.class).size(), "the trace after the table is read");
    }

    @Test
    void isDetectedFromItsBanner() {
        assertEquals("baresip", Dialects.detect(RecordedLogHarness.lines(REGISTRATION).subList(0, 3)).orElseThrow().id());
    }
}
