package org.siphint.dialect.linphone;

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
import org.siphint.event.SipMessage;

/** Log lines of linphonec 5.1.65 ({@code -d 6 -l FILE}) recorded in the lab. */
class LinphoneDialectTest {

    static final String CALL = """
            2026-11-26 01:25:54:751 belle-sip-message-channel [0x55f881675540]: received [278] new bytes from [UDP://127.0.0.1:20500]:
            SIP/2.0 403 Forbidden\r
            Via: SIP/2.0/UDP 127.0.0.1:20516;received=127.0.0.1;branch=z9hG4bK.3YZ5mIpiI;rport=20516\r
            From: <sip:bob@127.0.0.1>;tag=8dVDtmk5G\r
            To: sip:100@127.0.0.1;tag=11875SIPpTag011\r
            Call-ID: eVz-5SOBTz\r
            CSeq: 20 INVITE\r
            Server: SIPp far end\r
            Content-Length: 0\r
            \r

            2026-11-26 01:25:54:754 belle-sip-message-channel [0x55f881675540] [278] bytes parsed
            2026-11-26 01:25:54:754 belle-sip-message-Found transaction matching response.
            2026-11-26 01:25:54:754 belle-sip-message-channel [0x55f881675540]: message sent to [UDP://127.0.0.1:20500], size: [353] bytes
            ACK sip:100@127.0.0.1:20500 SIP/2.0\r
            Via: SIP/2.0/UDP 127.0.0.1:20516;branch=z9hG4bK.3YZ5mIpiI;rport\r
            Call-ID: eVz-5SOBTz\r
            From: <sip:bob@127.0.0.1>;tag=8dVDtmk5G\r
            To: <sip:100@127.0.0.1>;tag=11875SIPpTag011\r
            Max-Forwards: 70\r
            CSeq: 20 ACK\r
            Content-Length: 0\r
            \r

            2026-11-26 01:25:47:176 liblinphone-message-Account [0x55ea56a3f010] for identity [sip:bob@127.0.0.1:20480] moving from state [LinphoneRegistrationProgress] to [LinphoneRegistrationFailed] on core [0x55ea569cd4d0]
            """;

    static final String STATS = """
            2026-11-26 01:26:03:453 ortp-message-===========================================================
            2026-11-26 01:26:03:453 ortp-message-             AUDIO SESSION'S RTP STATISTICS                
            2026-11-26 01:26:03:454 ortp-message------------------------------------------------------------
            2026-11-26 01:26:03:454 ortp-message-sent                                          0 packets
            2026-11-26 01:26:03:454 ortp-message-                                              0 duplicated packets
            2026-11-26 01:26:03:454 ortp-message-                                              0 bytes  
            2026-11-26 01:26:03:454 ortp-message-received                                      0 packets
            2026-11-26 01:26:03:454 ortp-message-                                              0 duplicated packets
            2026-11-26 01:26:03:454 ortp-message-                                              0 bytes  
            2026-11-26 01:26:03:454 ortp-message-incoming delivered to the app                 0 bytes  
            2026-11-26 01:26:03:454 ortp-message-incoming cumulative lost                      0 packets
            2026-11-26 01:26:03:454 ortp-message-incoming received too late                    0 packets
            2026-11-26 01:26:03:454 ortp-message-incoming bad formatted                        0 packets
            2026-11-26 01:26:03:454 ortp-message-incoming discarded (queue overflow)           0 packets
            2026-11-26 01:26:03:454 ortp-message-sent rtcp                                     0 packets
            2026-11-26 01:26:03:454 ortp-message-received rtcp                                 0 packets
            2026-11-26 01:26:03:454 ortp-message-===========================================================
            """;

    @Test
    void framesReceivedAndSentBlocksWithPeerAndTime() {
        List<LogEvent> events = RecordedLogHarness.read(new LinphoneDialect(), CALL);
        List<SipMessage> messages = RecordedLogHarness.only(events, SipMessage.class);
        assertEquals(2, messages.size());
        SipMessage forbidden = messages.get(0);
        assertEquals(Direction.RECEIVED, forbidden.getDirection());
        assertEquals("127.0.0.1:20500", forbidden.getPeer());
        assertEquals("UDP", forbidden.getTransport());
        assertEquals(403, forbidden.getStatus());
        assertEquals("eVz-5SOBTz", forbidden.getCallId());
        assertEquals(Instant.parse("2026-11-26T01:25:54.751Z"), forbidden.getTime());
        assertEquals(2, forbidden.getOrigin().line());
        SipMessage ack = messages.get(1);
        assertEquals(Direction.SENT, ack.getDirection());
        assertEquals("ACK", ack.getMethod());
        assertEquals(Instant.parse("2026-11-26T01:25:54.754Z"), ack.getTime());
    }

    @Test
    void readsTheAccountState() {
        LogNotice notice = RecordedLogHarness.only(RecordedLogHarness.read(new LinphoneDialect(), CALL), LogNotice.class).get(0);
        assertEquals(LogNotice.REGISTRATION_FAILED, notice.getKind());
        assertEquals("sip:bob@127.0.0.1:20480", notice.getAccount());
    }

    @Test
    void theRtpStatisticsTableIsOneReport() {
        List<MediaReport> reports = RecordedLogHarness.only(RecordedLogHarness.read(new LinphoneDialect(), STATS),
                MediaReport.class);
        assertEquals(1, reports.size());
        assertEquals(0, reports.get(0).getPacketsSent());
        assertEquals(0, reports.get(0).getPacketsReceived());
        assertEquals(0, reports.get(0).getPacketsLost());
        assertTrue(reports.get(0).isStreamEnd());
    }

    @Test
    void isDetectedFromAChannelRecord() {
        assertEquals("linphone", Dialects.detect(RecordedLogHarness.lines(CALL).subList(0, 1)).orElseThrow().id());
    }
}
