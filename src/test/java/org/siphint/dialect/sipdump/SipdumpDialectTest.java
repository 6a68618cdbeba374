package org.siphint.dialect.sipdump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.dialect.RecordedLogHarness;
import org.siphint.dialect.Dialects;
import org.siphint.event.Direction;
import org.siphint.event.Role;
import org.siphint.event.SipMessage;

/** Blocks recorded from Kamailio 5.6's sipdump module in the lab (call-403). */
class SipdumpDialectTest {

    static final String DUMP = """
            ====================
            tag: rcv
            pid: 9412
            process: 1
            time: 1795656323.755327
            date: Thu Nov 26 01:25:23 2026
            proto: udp ipv4
            srcip: 127.0.0.1
            srcport: 20124
            dstip: 127.0.0.1
            dstport: 20120
            ~~~~~~~~~~~~~~~~~~~~
            SIP/2.0 403 Forbidden\r
            Via: SIP/2.0/UDP 127.0.0.1:20120;branch=z9hG4bK1e4b.c6dc1a26b018845564a7b4564d2b8dae.0, SIP/2.0/UDP 127.0.0.1:20122;received=127.0.0.1;branch=z9hG4bKf3595f54476d9cbf;rport=20122\r
            From: <sip:alice@127.0.0.1:20120>;tag=0516483d4addf7d8\r
            To: <sip:100@127.0.0.1:20120>;tag=9451SIPpTag011\r
            Call-ID: d358af36a11baf6a\r
            CSeq: 10138 INVITE\r
            Server: SIPp far end\r
            Content-Length: 0\r
            \r
            ||||||||||||||||||||
            ====================
            tag: snd
            pid: 9412
            process: 1
            time: 1795656323.755433
            date: Thu Nov 26 01:25:23 2026
            proto: udp ipv4
            srcip: 127.0.0.1
            srcport: 20120
            dstip: 127.0.0.1
            dstport: 20122
            ~~~~~~~~~~~~~~~~~~~~
            SIP/2.0 403 Forbidden\r
            Via: SIP/2.0/UDP 127.0.0.1:20122;received=127.0.0.1;branch=z9hG4bKf3595f54476d9cbf;rport=20122\r
            From: <sip:alice@127.0.0.1:20120>;tag=0516483d4addf7d8\r
            To: <sip:100@127.0.0.1:20120>;tag=9451SIPpTag011\r
            Call-ID: d358af36a11baf6a\r
            CSeq: 10138 INVITE\r
            Server: SIPp far end\r
            Content-Length: 0\r
            \r
            ||||||||||||||||||||
            """;

    @Test
    void framesEachBlockWithDirectionPeerAndEpochTime() {
        List<SipMessage> messages = RecordedLogHarness.only(RecordedLogHarness.read(new SipdumpDialect(), DUMP), SipMessage.class);
        assertEquals(2, messages.size());

        SipMessage received = messages.get(0);
        assertEquals(Direction.RECEIVED, received.getDirection());
        assertEquals("127.0.0.1:20124", received.getPeer(), "a received block comes from srcip:srcport");
        assertEquals("UDP", received.getTransport());
        assertEquals(403, received.getStatus());
        assertEquals("INVITE", received.getMethod());
        assertEquals("d358af36a11baf6a", received.getCallId());
        assertEquals(Instant.parse("2026-11-26T01:25:23.755327Z"), received.getTime());
        assertEquals(13, received.getOrigin().line(), "evidence points at the message's first line");
        assertEquals(Role.PBX, received.getRole());

        SipMessage sent = messages.get(1);
        assertEquals(Direction.SENT, sent.getDirection());
        assertEquals("127.0.0.1:20122", sent.getPeer(), "a sent block goes to dstip:dstport");
        assertEquals(Instant.parse("2026-11-26T01:25:23.755433Z"), sent.getTime());
    }

    @Test
    void isDetectedFromItsFirstBlock() {
        assertEquals("sipdump", Dialects.detect(RecordedLogHarness.lines(DUMP).subList(0, 12)).orElseThrow().id());
    }

    @Test
    void aBlockCutOffByTheEndOfTheFileIsStillRead() {
        String cut = DUMP.substring(0, DUMP.indexOf("||||"));
        List<SipMessage> messages = RecordedLogHarness.only(RecordedLogHarness.read(new SipdumpDialect(), cut), SipMessage.class);
        assertEquals(1, messages.size());
        assertTrue(messages.get(0).isReceived());
    }

    @Test
    void anIpv6PeerIsBracketed() {
        String v6 = DUMP.replace("proto: udp ipv4", "proto: tcp ipv6").replace("srcip: 127.0.0.1", "srcip: 2001:db8::1");
        SipMessage m = RecordedLogHarness.only(RecordedLogHarness.read(new SipdumpDialect(), v6), SipMessage.class).get(0);
        assertEquals("[2001:db8::1]:20124", m.getPeer());
        assertEquals("TCP", m.getTransport());
    }
}
