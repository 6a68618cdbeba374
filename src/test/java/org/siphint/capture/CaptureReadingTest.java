package org.siphint.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.siphint.event.Direction;
import org.siphint.event.Role;
import org.siphint.event.SipMessage;

/**
 * Reading captures written by tcpdump of real SIPp calls ({@code sample-logs/capture/}, recorded by
 * {@code src/test/capture/record.sh}), and the same packets written again in every link framing, over
 * IPv6, in fragments and in TCP segments cut, overlapped and reordered.
 */
class CaptureReadingTest {

    private static final Path SAMPLES = Path.of("sample-logs/capture");
    private static final Path BIG_INVITE = SAMPLES.resolve("big-invite.pcap");

    @Test
    void fragmentedInviteOverUdpIsReassembledWithTheCaptureTimes() throws IOException {
        Pcaps.Read read = Pcaps.read(BIG_INVITE);
        assertNull(read.problem());
        List<SipMessage> sip = read.sip();
        assertEquals(List.of("INVITE", "180", "488", "ACK"), sip.stream()
                .map(m -> m.isRequest() ? m.getMethod() : String.valueOf(m.getStatus())).toList());
        SipMessage invite = sip.get(0);
        assertTrue(invite.getText().contains("X-Pad: " + "p".repeat(3000)), "the whole INVITE, from its fragments");
        assertTrue(invite.getText().contains("m=audio 17000 RTP/AVP 0"), "its body too");
        assertEquals(Direction.SENT, invite.getDirection(), "told from the caller's view: it sent the first request");
        assertEquals("127.0.0.1:5070", invite.getPeer());
        assertEquals("UDP", invite.getTransport());
        assertEquals(Direction.RECEIVED, sip.get(2).getDirection());
        assertEquals(Role.SOFTPHONE, invite.getRole());
        // the capture's own timestamps, to the microsecond, and the packet number as the line
        List<Pcaps.Packet> packets = Pcaps.ipPackets(BIG_INVITE);
        long last = packets.stream().filter(p -> p.ip().length > 1000).mapToLong(Pcaps.Packet::nanos).max().orElseThrow();
        assertEquals(Instant.ofEpochSecond(0, last), invite.getTime());
        assertTrue(invite.getOrigin().line() >= 1);
    }

    @Test
    void sipOverTcpInLinuxCookedV2IsFramedByContentLength() throws IOException {
        Pcaps.Read read = Pcaps.read(SAMPLES.resolve("call-488-tcp.pcap"));
        assertNull(read.problem());
        List<SipMessage> sip = read.sip();
        assertEquals(List.of("INVITE", "180", "488", "ACK"), sip.stream()
                .map(m -> m.isRequest() ? m.getMethod() : String.valueOf(m.getStatus())).toList());
        assertTrue(sip.stream().allMatch(m -> "TCP".equals(m.getTransport())));
        assertTrue(sip.get(0).getText().endsWith("a=sendrecv"), "the body as long as Content-Length says");
    }

    @Test
    void pcapngAndNanosecondPcapGiveWhatPcapGives() throws IOException {
        List<String> pcap = Pcaps.read(BIG_INVITE).summary();
        assertEquals(pcap, Pcaps.read(SAMPLES.resolve("big-invite.pcapng")).summary());
    }

    /** Each packet of the real capture written again in another link framing: the same messages. */
    @Test
    void everyLinkTypeGivesTheSameMessages() throws IOException {
        List<Pcaps.Packet> packets = Pcaps.ipPackets(BIG_INVITE);
        List<String> expected = Pcaps.read(BIG_INVITE).summary();
        byte[] mac = new byte[12];
        check(expected, packets, LinkLayer.ETHERNET, ip -> Pcaps.concat(mac, new byte[] {(byte) 0x81, 0, 0, 42,
                (byte) 0x81, 0, 0, 7, 0x08, 0x00}, ip)); // two VLAN tags (QinQ)
        check(expected, packets, LinkLayer.LINUX_SLL, ip -> Pcaps.concat(new byte[] {0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0,
                0x08, 0x00}, ip));
        check(expected, packets, LinkLayer.LINUX_SLL2, ip -> Pcaps.concat(new byte[] {0x08, 0x00, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6,
                0, 0, 0, 0, 0, 0, 0, 0}, ip));
        check(expected, packets, LinkLayer.NULL, ip -> Pcaps.concat(new byte[] {2, 0, 0, 0}, ip));
        check(expected, packets, LinkLayer.LOOP, ip -> Pcaps.concat(new byte[] {0, 0, 0, 2}, ip));
        check(expected, packets, LinkLayer.RAW, ip -> ip);
        check(expected, packets, LinkLayer.IPV4, ip -> ip);
    }

    private static void check(List<String> expected, List<Pcaps.Packet> packets, int linkType, Function<byte[], byte[]> frame)
            throws IOException {
        List<Long> times = packets.stream().map(Pcaps.Packet::nanos).toList();
        List<byte[]> frames = packets.stream().map(p -> frame.apply(p.ip())).toList();
        assertEquals(expected, Pcaps.read(Pcaps.pcap(linkType, times, frames)).summary(), "link type " + linkType);
    }

    /** The SIP of the real capture carried over IPv6 in fragments of 1232 bytes: one message each. */
    @Test
    void ipv6FragmentsAreReassembled() throws IOException {
        List<SipMessage> original = Pcaps.read(BIG_INVITE).sip();
        byte[] a = new byte[16];
        byte[] b = new byte[16];
        a[0] = 0x20; a[1] = 0x01; a[2] = 0x0d; a[3] = (byte) 0xb8; a[15] = 1;
        b[0] = 0x20; b[1] = 0x01; b[2] = 0x0d; b[3] = (byte) 0xb8; b[15] = 2;
        List<Long> times = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        int id = 7;
        for (SipMessage m : original) {
            boolean fromA = m.getDirection() == Direction.SENT;
            byte[] udp = Pcaps.udp(fromA ? 5060 : 5070, fromA ? 5070 : 5060, (m.getText().replace("\n", "\r\n") + "\r\n").getBytes());
            id++;
            for (int off = 0; off < udp.length; off += 1232) {
                int len = Math.min(1232, udp.length - off);
                boolean more = off + len < udp.length;
                ByteBuffer frag = ByteBuffer.allocate(8 + len);
                frag.put((byte) 17).put((byte) 0).putShort((short) (off | (more ? 1 : 0))).putInt(id).put(udp, off, len);
                frames.add(Pcaps.ipv6(44, fromA ? a : b, fromA ? b : a, frag.array()));
                times.add(m.getTime().toEpochMilli() * 1_000_000L);
            }
        }
        Collections.swap(frames, 0, 2); // the INVITE's fragments out of order
        List<SipMessage> read = Pcaps.read(Pcaps.pcap(LinkLayer.RAW, times, frames)).sip();
        assertEquals(original.size(), read.size());
        assertTrue(read.get(0).getText().contains("p".repeat(3000)));
        assertEquals("[2001:db8::2]:5070", read.get(0).getPeer());
    }

    /**
     * The TCP stream of the real capture cut into small segments that overlap their neighbours, some
     * sent twice and some out of order: the same four messages.
     */
    @Test
    void tcpSegmentsCutOverlappedRetransmittedAndReorderedGiveTheSameMessages() throws IOException {
        Path sample = SAMPLES.resolve("call-488-tcp.pcap");
        Pcaps.Read original = Pcaps.read(sample);
        byte[] caller = {10, 0, 0, 1};
        byte[] callee = {10, 0, 0, 2};
        // the bytes each side really sent, from the real capture's segments (in order, none lost)
        java.io.ByteArrayOutputStream up = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream down = new java.io.ByteArrayOutputStream();
        for (Pcaps.Packet p : Pcaps.ipPackets(sample)) {
            byte[] ip = p.ip();
            int ihl = (ip[0] & 0x0f) * 4;
            int dataOffset = ((ip[ihl + 12] & 0xff) >> 4) * 4;
            int srcPort = ((ip[ihl] & 0xff) << 8) | (ip[ihl + 1] & 0xff);
            (srcPort == 5060 ? up : down).write(ip, ihl + dataOffset, ip.length - ihl - dataOffset);
        }
        Random random = new Random(17);
        List<Long> times = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        long t = 1_700_000_000_000_000_000L;
        for (int dir = 0; dir < 2; dir++) {
            byte[] stream = (dir == 0 ? up : down).toByteArray();
            byte[] src = dir == 0 ? caller : callee;
            byte[] dst = dir == 0 ? callee : caller;
            int sp = dir == 0 ? 40000 : 5060;
            int dp = dir == 0 ? 5060 : 40000;
            long isn = dir == 0 ? 0xfffff000L : 12345; // the caller's sequence numbers wrap around 2^32
            frames.add(Pcaps.ipv4(6, src, dst, 1, 0, Pcaps.tcp(sp, dp, isn, 0x02, new byte[0])));
            times.add(t++);
            List<byte[]> segments = new ArrayList<>();
            for (int off = 0; off < stream.length; ) {
                int len = 1 + random.nextInt(90);
                int from = Math.max(0, off - random.nextInt(20)); // overlap the previous segment
                int to = Math.min(stream.length, off + len);
                byte[] data = java.util.Arrays.copyOfRange(stream, from, to);
                segments.add(Pcaps.ipv4(6, src, dst, 1, 0, Pcaps.tcp(sp, dp, (isn + 1 + from) & 0xffffffffL, 0x18, data)));
                if (random.nextInt(5) == 0) {
                    segments.add(segments.get(segments.size() - 1)); // a retransmission
                }
                off = to;
            }
            for (int i = 0; i + 1 < segments.size(); i += 3) {
                Collections.swap(segments, i, i + 1);
            }
            for (byte[] s : segments) {
                frames.add(s);
                times.add(t++);
            }
        }
        List<SipMessage> read = Pcaps.read(Pcaps.pcap(LinkLayer.RAW, times, frames)).sip();
        List<String> want = original.sip().stream().map(m -> m.getDirection() + " " + m.getText()).sorted().toList();
        List<String> got = read.stream().map(m -> m.getDirection() + " " + m.getText()).sorted().toList();
        assertEquals(want, got);
    }

    @Test
    void aFileCutShortKeepsWhatWasReadAndSaysWhere() throws IOException {
        byte[] whole = Files.readAllBytes(BIG_INVITE);
        List<String> all = Pcaps.read(whole).summary();
        for (int cut = 24; cut < whole.length; cut++) {
            Pcaps.Read read = Pcaps.read(java.util.Arrays.copyOf(whole, cut));
            List<String> got = read.summary();
            assertEquals(all.subList(0, got.size()), got, "a prefix of the messages, cut at " + cut);
            if (cut > 24 && read.problem() != null) {
                assertTrue(read.problem().contains("capture.pcap: after packet "), read.problem());
                assertTrue(read.problem().contains("cut short"), read.problem());
            }
        }
        Pcaps.Read cutInLastPacket = Pcaps.read(java.util.Arrays.copyOf(whole, whole.length - 3));
        assertEquals(all.subList(0, 3), cutInLastPacket.summary(), "every message before the cut packet");
        assertNotNull(cutInLastPacket.problem());
    }

    @Test
    void aLyingLengthStopsReadingWithAClearErrorAfterWhatWasRead() throws IOException {
        byte[] whole = Files.readAllBytes(BIG_INVITE);
        List<String> all = Pcaps.read(whole).summary();
        // find the last record header and make its captured length a lie
        int at = 24;
        int lastHeader = at;
        while (at + 16 <= whole.length) {
            lastHeader = at;
            at += 16 + ByteBuffer.wrap(whole, at + 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        }
        byte[] lying = whole.clone();
        ByteBuffer.wrap(lying, lastHeader + 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0x7fff0000);
        Pcaps.Read read = Pcaps.read(lying);
        assertEquals(all.subList(0, 3), read.summary());
        assertTrue(read.problem().contains("the length lies"), read.problem());
    }

    @Test
    void notACaptureIsRefusedByName() {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> CaptureReader.open(new java.io.ByteArrayInputStream("INVITE sip:x SIP/2.0\r\n".getBytes()), "x.log"));
        assertTrue(e.getMessage().startsWith("x.log: not a pcap or pcapng file"));
        assertFalse(CaptureEvents.isCapture(Path.of("sample-logs/raw/call-ok.log")));
        assertTrue(CaptureEvents.isCapture(BIG_INVITE));
    }

    /** Fragments that never complete, a flood of them: the waiting datagrams stay bounded, and a real one still completes. */
    @Test
    void aFragmentFloodStaysBounded() throws IOException {
        List<Pcaps.Packet> real = Pcaps.ipPackets(BIG_INVITE);
        List<Long> times = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        byte[] src = {10, 9, 8, 7};
        for (int i = 0; i < 50_000; i++) {
            frames.add(Pcaps.ipv4(17, src, src, i, 0x2000, new byte[64])); // first pieces only
            times.add(1_000_000_000L + i);
        }
        for (Pcaps.Packet p : real) {
            frames.add(p.ip());
            times.add(p.nanos());
        }
        Pcaps.Read read = Pcaps.read(Pcaps.pcap(LinkLayer.RAW, times, frames));
        assertTrue(read.capture().decoder().fragmentsWaiting() <= Fragments.MAX_DATAGRAMS);
        assertEquals(4, read.sip().size(), "the real INVITE is still put together");
    }

    /** Many TCP connections that never close: the streams followed stay bounded. */
    @Test
    void aTcpStreamFloodStaysBounded() throws IOException {
        List<Long> times = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] src = {10, 1, (byte) (i >> 8), (byte) i};
            frames.add(Pcaps.ipv4(6, src, new byte[] {10, 0, 0, 1}, 1, 0,
                    Pcaps.tcp(1024 + (i % 60000), 5060, i, 0x18, "OPTIONS sip:x SIP/2.0\r\nCall-".getBytes())));
            times.add(1_000_000_000L + i);
        }
        Pcaps.Read read = Pcaps.read(Pcaps.pcap(LinkLayer.RAW, times, frames));
        assertTrue(read.capture().decoder().tcpStreams() <= TcpStreams.MAX_STREAMS);
        assertEquals(0, read.sip().size());
    }
}
