package org.siphint.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.TestRules;
import org.siphint.event.MediaReport;
import org.siphint.finding.Finding;

/**
 * RTP and RTCP measured from packets: the RFC 3550 counters on their own, then real SIPp calls
 * captured by tcpdump ({@code sample-logs/capture/}) with RTCP added or their SIP taken away.
 */
class MediaMeasurementTest {

    private static final Path CALL_OK = Path.of("sample-logs/capture/call-ok.pcap");

    @Test
    void lossCountsAcrossTheSequenceWrapAndNotDuplicates() {
        RtpStream s = new RtpStream();
        long t = 0;
        int[] seqs = {65533, 65534, 65535, 1, 2, 2, 3, 4}; // 0 lost, 2 doubled
        for (int i = 0; i < seqs.length; i++) {
            s.packet(seqs[i], 160L * i, 1, 0, t += 20_000_000, 172, true);
        }
        assertEquals(8, s.expected()); // 65533 .. 4 across the wrap
        assertEquals(1, s.duplicates);
        assertEquals(1, s.lost(), "0 is missing; the copy of 2 does not make up for it");
    }

    /** RFC 3550 A.8: packets every 20 ms, every other one 10 ms late: the jitter tends to 10 ms. */
    @Test
    void jitterFollowsRfc3550() {
        RtpStream steady = new RtpStream();
        RtpStream uneven = new RtpStream();
        for (int i = 0; i < 500; i++) {
            long sent = i * 20_000_000L;
            steady.packet(i, 160L * i, 1, 0, sent, 172, true);
            uneven.packet(i, 160L * i, 1, 0, sent + (i % 2) * 10_000_000L, 172, true);
        }
        assertEquals(0, steady.jitterMs(), 1e-6);
        assertEquals(10, uneven.jitterMs(), 0.05);
        assertEquals(30, uneven.longestGapMs(), 1e-6);
        assertEquals(0, uneven.lost());
    }

    @Test
    void mosFallsWithLossAndJitter() {
        assertEquals(4.39, Mos.estimate(0, 0, "PCMU"), 0.01); // R 92.5: 93.2 less 30 ms of assumed delay
        assertTrue(Mos.estimate(5, 0, "PCMU") < 4.0);
        assertTrue(Mos.estimate(0, 120, "PCMU") < Mos.estimate(0, 0, "PCMU"));
        assertTrue(Mos.estimate(0, 0, "G729") < Mos.estimate(0, 0, "PCMU"));
    }

    @Test
    void aHealthyCallIsTwoStreamsOfEveryPacket() throws IOException {
        List<MediaReport> reports = reports(Pcaps.read(CALL_OK));
        assertEquals(2, reports.size(), reports.toString());
        MediaReport in = reports.get(0);
        assertEquals(250, in.getPacketsReceived());
        assertEquals(250, in.getPacketsSent());
        assertEquals(0, in.getPacketsLost());
        assertEquals("127.0.0.1:16000", in.getRemoteAddress());
        assertEquals("PCMU", in.getCodec());
        assertTrue(in.isStreamEnd());
        assertTrue(in.getMos() > 4.3);
        assertTrue(in.getEvidenceText().startsWith("RTP received at 127.0.0.1:17000 from 127.0.0.1:16000: 250 packets, 0 lost"),
                in.getEvidenceText());
        assertEquals(-1, reports.get(1).getPacketsSent(), "the outbound report says nothing of packets sent");
    }

    /**
     * The real call with RTCP added: the caller's receiver report says 40 of the inbound packets were
     * lost (past the capture point), and the far end answers the caller's sender report after 150 ms,
     * having held it 30 ms: call-quality fires on the loss, and the round trip is 120 ms.
     */
    @Test
    void rtcpReportsRaiseLossAndGiveTheRoundTrip() throws IOException {
        List<Pcaps.Packet> packets = Pcaps.ipPackets(CALL_OK);
        List<Long> times = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        byte[] lo = {127, 0, 0, 1};
        long t0 = packets.get(100).nanos();
        for (int i = 0; i < packets.size(); i++) {
            if (i == 100) {
                long ntp = 0x0001_2345_6789_0000L; // middle 32 bits 0x23456789
                ByteBuffer sr = ByteBuffer.allocate(28 + 24);
                sr.put((byte) 0x81).put((byte) 200).putShort((short) 12).putInt(0xa11ce).putLong(ntp).putInt(0)
                        .putInt(100).putInt(16000)
                        .putInt(0x5eed).putInt(40).putInt(300).putInt(8 * 3).putInt(0).putInt(0);
                frames.add(Pcaps.ipv4(17, lo, lo, 1, 0, Pcaps.udp(17001, 16001, sr.array())));
                times.add(t0);
                ByteBuffer rr = ByteBuffer.allocate(8 + 24);
                rr.put((byte) 0x81).put((byte) 201).putShort((short) 7).putInt(0x5eed)
                        .putInt(0xa11ce).putInt(0).putInt(300).putInt(8).putInt(0x23456789).putInt((int) (0.030 * 65536));
                frames.add(Pcaps.ipv4(17, lo, lo, 2, 0, Pcaps.udp(16001, 17001, rr.array())));
                times.add(t0 + 150_000_000L);
            }
            frames.add(packets.get(i).ip());
            times.add(packets.get(i).nanos());
        }
        Pcaps.Read read = Pcaps.read(Pcaps.pcap(LinkLayer.RAW, times, frames));
        MediaReport in = reports(read).get(0);
        assertEquals(40, in.getPacketsLost());
        assertEquals(120, in.getRttMs(), 0.1);
        assertEquals(3, in.getJitterMs(), 0.01, "8 x 3 timestamp units at 8 kHz");
        assertTrue(in.getEvidenceText().contains("round trip 120 ms (RTCP)"), in.getEvidenceText());
    }

    /** The call's RTP without its SIP: the two streams are still measured, without a call. */
    @Test
    void rtpWithoutSdpIsMeasuredWhenItLooksLikeRtp() throws IOException {
        List<Long> times = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        for (Pcaps.Packet p : Pcaps.ipPackets(CALL_OK)) {
            if ((p.ip()[28] & 0xc0) == 0x80) { // RTP only
                frames.add(p.ip());
                times.add(p.nanos());
            }
        }
        byte[] lo = {127, 0, 0, 1};
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 300; i++) { // other UDP that starts like RTP: random sequence numbers
            byte[] junk = new byte[40];
            random.nextBytes(junk);
            junk[0] = (byte) 0x80;
            junk[1] = 0;
            frames.add(Pcaps.ipv4(17, lo, lo, i, 0, Pcaps.udp(9999, 8888, junk)));
            times.add(times.get(times.size() - 1) + 1000);
        }
        List<MediaReport> reports = reports(Pcaps.read(Pcaps.pcap(LinkLayer.RAW, times, frames)));
        assertEquals(2, reports.size(), reports.toString());
        for (MediaReport r : reports) {
            assertNull(r.getCallId());
            assertEquals(250, r.getPacketsReceived());
            assertTrue(r.getEvidenceText().contains("(no SDP captured)"));
        }
    }

    /** Findings from packets alone: one-way audio and poor quality are told, with the measure as evidence. */
    @Test
    void theMediaRulesFireFromPackets() throws IOException {
        List<Finding> oneWay = TestRules.replay(null, Path.of("sample-logs/capture/one-way-audio.pcap"));
        assertEquals(List.of("one-way-audio inbound-blocked"), oneWay.stream().map(f -> f.situation() + " " + f.cause()).toList());
        assertTrue(oneWay.get(0).evidence().stream().anyMatch(e -> e.text().contains("0 packets; sent to 127.0.0.1:16000: 250 packets")),
                oneWay.get(0).evidence().toString());
        List<Finding> poor = TestRules.replay(null, Path.of("sample-logs/capture/poor-quality.pcap"));
        assertEquals(List.of("call-quality packet-loss"), poor.stream().map(f -> f.situation() + " " + f.cause()).toList());
        assertTrue(poor.get(0).summary().contains("packet loss 10 %"), poor.get(0).summary());
    }

    private static List<MediaReport> reports(Pcaps.Read read) {
        return read.events().stream().filter(MediaReport.class::isInstance).map(MediaReport.class::cast).toList();
    }
}
