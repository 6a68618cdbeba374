package org.siphint.hep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.Role;
import org.siphint.event.SipMessage;

/**
 * The HEP v3 decoder on the specification's own example and on damaged packets, and the receiver
 * on real loopback sockets: UDP and TCP, the authentication key, malformed packets, a flood.
 */
class HepReceiverTest {

    private static final byte[] LOOPBACK = {127, 0, 0, 1};

    /** A packet written byte by byte as the HEP3 specification (rev. 37) lays the chunks out. */
    @Test
    void decodesAPacketLaidOutAsTheSpecificationSays() throws Exception {
        byte[] spec = HexFormat.of().parseHex("48455033" + "007b"
                + "00000001000702" + "00000002000711"
                + "00000003000ad4ca0001" + "00000004000ad4ca0002"
                + "00000007000813c4" + "00000008000813c4"
                + "00000009000a4e49cb9a" + "0000000a000a00000000"
                + "0000000b000701" + "0000000c000a000000e4"
                + "0000000e000a" + HexFormat.of().formatHex("myhe".getBytes())
                + "0000000f0014" + HexFormat.of().formatHex("INVITE sip:bob".getBytes()));
        assertEquals(0x7b, spec.length);
        HepPacket p = HepCodec.decode(spec, 0, spec.length);
        assertEquals(2, p.family());
        assertEquals(17, p.protocol());
        assertEquals("212.202.0.1", p.src());
        assertEquals("212.202.0.2", p.dst());
        assertEquals(5060, p.srcPort());
        assertEquals(0x4e49cb9aL, p.seconds());
        assertEquals(1, p.type());
        assertEquals(228, p.captureId());
        assertEquals("myhe", p.authKey());
        assertEquals("INVITE sip:bob", new String(p.payload(), StandardCharsets.US_ASCII));
    }

    @Test
    void refusesWhatBreaksTheFormat() {
        byte[] good = sip("OPTIONS sip:x SIP/2.0\r\nCall-ID: a\r\nCSeq: 1 OPTIONS\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1\r\n\r\n", 1, null);
        byte[] shortTotal = good.clone();
        shortTotal[5]--;
        assertThrows(HepFormatException.class, () -> HepCodec.decode(shortTotal, 0, shortTotal.length));
        byte[] lyingChunk = good.clone();
        lyingChunk[10] = (byte) 0xff; // the first chunk's length
        assertThrows(HepFormatException.class, () -> HepCodec.decode(lyingChunk, 0, lyingChunk.length));
        byte[] wrongSize = good.clone();
        wrongSize[11] = 8; // chunk 0x0001 of 2 bytes
        assertThrows(HepFormatException.class, () -> HepCodec.decode(wrongSize, 0, wrongSize.length));
        assertThrows(HepFormatException.class, () -> HepCodec.decode("HEP2xx".getBytes(), 0, 6));
        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) { // random damage: the decoder's own error or a packet, nothing else
            byte[] b = good.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            int len = random.nextInt(4) == 0 ? random.nextInt(b.length + 1) : b.length;
            try {
                HepCodec.decode(b, 0, len);
            } catch (HepFormatException expected) {
                // counted and dropped by the receiver
            }
        }
    }

    @Test
    void listenAddressesAreLoopbackUnlessGiven() {
        assertEquals("udp://127.0.0.1:9060", HepListen.parse("udp://:9060").toString());
        assertEquals("tcp://127.0.0.1:9061", HepListen.parse("tcp://localhost:9061").toString());
        assertEquals("udp://127.0.0.1:9060", HepListen.parse("udp://127.0.0.1").toString());
        assertEquals("udp://[0:0:0:0:0:0:0:1]:9060", HepListen.parse("udp://[::1]:9060").toString());
        assertThrows(IllegalArgumentException.class, () -> HepListen.parse("http://127.0.0.1:9060"));
        assertThrows(IllegalArgumentException.class, () -> HepListen.parse("udp://homer.example.com:9060"));
        assertThrows(IllegalArgumentException.class, () -> HepListen.parse("udp://127.0.0.1:99999"));
    }

    /**
     * A call mirrored by a proxy at 127.0.0.1:5062 (as Kamailio's siptrace does): over UDP and TCP,
     * with the key, malformed packets between them. Every message arrives once, told from the proxy's view.
     */
    @Test
    void receivesOverUdpAndTcpWithTheKeyAndDropsTheRest() throws Exception {
        List<LogEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (HepReceiver r = HepReceiver.start(List.of(HepListen.parse("udp://127.0.0.1:0"), HepListen.parse("tcp://127.0.0.1:0")),
                "s3cret", events::add)) {
            URI udp = URI.create(r.addresses().get(0));
            URI tcp = URI.create(r.addresses().get(1));
            List<byte[]> call = proxiedCall("s3cret");
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                 Socket t = new Socket(InetAddress.getLoopbackAddress(), tcp.getPort())) {
                OutputStream out = t.getOutputStream();
                for (int i = 0; i < call.size(); i++) {
                    if (i % 2 == 0) {
                        s.send(new DatagramPacket(call.get(i), call.get(i).length, InetAddress.getLoopbackAddress(), udp.getPort()));
                    } else {
                        out.write(call.get(i)); // TCP: back to back
                        out.flush();
                    }
                    byte[] junk = "HEP3\0\7garbage".getBytes(StandardCharsets.ISO_8859_1);
                    s.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), udp.getPort()));
                    byte[] keyless = proxiedCall(null).get(0);
                    s.send(new DatagramPacket(keyless, keyless.length, InetAddress.getLoopbackAddress(), udp.getPort()));
                    Thread.sleep(20); // the mirror's order: one message after the other
                }
                waitFor(() -> events.size() >= 4 && r.counters().packets.get() >= 12, 10_000);
            }
            assertEquals(4, r.counters().malformed.get(), r.counters().toString());
            assertEquals(4, r.counters().unauthorized.get(), r.counters().toString());
        }
        List<SipMessage> sip = events.stream().map(SipMessage.class::cast).toList();
        assertEquals(List.of("INVITE", "INVITE", "488", "488"), sip.stream()
                .map(m -> m.isRequest() ? m.getMethod() : String.valueOf(m.getStatus())).toList());
        assertEquals(List.of(Direction.RECEIVED, Direction.SENT, Direction.RECEIVED, Direction.SENT),
                sip.stream().map(SipMessage::getDirection).toList(), "the proxy's view");
        assertTrue(sip.stream().allMatch(m -> m.getFile().equals("hep:2001@127.0.0.1")), sip.get(0).getFile());
        assertEquals(Role.PBX, sip.get(0).getRole(), "it relays INVITEs");
        assertEquals(java.time.Instant.ofEpochSecond(1_700_000_000L, 5_000), sip.get(0).getTime());
    }

    /**
     * A phone registers through the agent (two parties only, all on one address), then all is quiet
     * past the receiver's hold before the call: the view is decided with two parties, and a HEP
     * agent is the server, so the REGISTER is received and the 401 sent, as Kamailio saw them.
     */
    @Test
    void twoPartiesOverHepAreToldFromTheServersView() throws Exception {
        List<LogEvent> events = Collections.synchronizedList(new ArrayList<>());
        String register = "REGISTER sip:127.0.0.1:5062 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-r\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=r\r\nTo: <sip:alice@127.0.0.1>\r\nCall-ID: hep-reg-1\r\n"
                + "CSeq: 1 REGISTER\r\nContact: <sip:alice@127.0.0.1:5060>\r\nContent-Length: 0\r\n\r\n";
        String challenge = "SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-r\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=r\r\nTo: <sip:alice@127.0.0.1>;tag=s\r\nCall-ID: hep-reg-1\r\n"
                + "CSeq: 1 REGISTER\r\nWWW-Authenticate: Digest realm=\"lab\", nonce=\"n\"\r\nContent-Length: 0\r\n\r\n";
        try (HepReceiver r = HepReceiver.start(List.of(HepListen.parse("udp://127.0.0.1:0")), null, events::add)) {
            URI udp = URI.create(r.addresses().get(0));
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                for (byte[] p : List.of(hep(register, 5060, 5062, null, 0), hep(challenge, 5062, 5060, null, 1))) {
                    s.send(new DatagramPacket(p, p.length, InetAddress.getLoopbackAddress(), udp.getPort()));
                }
                waitFor(() -> events.size() >= 2, 5_000); // released after the hold (1 s), undecided
                for (byte[] p : proxiedCall(null)) {
                    s.send(new DatagramPacket(p, p.length, InetAddress.getLoopbackAddress(), udp.getPort()));
                    Thread.sleep(20);
                }
                waitFor(() -> events.size() >= 6, 5_000);
            }
        }
        List<SipMessage> sip = events.stream().map(SipMessage.class::cast).toList();
        assertEquals(List.of("REGISTER", "401", "INVITE", "INVITE", "488", "488"), sip.stream()
                .map(m -> m.isRequest() ? m.getMethod() : String.valueOf(m.getStatus())).toList());
        assertEquals(List.of(Direction.RECEIVED, Direction.SENT, Direction.RECEIVED, Direction.SENT, Direction.RECEIVED,
                Direction.SENT), sip.stream().map(SipMessage::getDirection).toList(), "the registrar's and proxy's view");
        assertEquals(Role.PBX, sip.get(0).getRole(), "it takes registrations");
    }

    /** A flood of datagrams while the events' consumer is stuck: memory stays at the queue's bound. */
    @Test
    void aFloodIsDroppedAtTheQueuesBound() throws Exception {
        java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
        try (HepReceiver r = HepReceiver.start(List.of(HepListen.parse("udp://127.0.0.1:0")), null, e -> {
            try {
                stuck.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, 1000)) {
            URI udp = URI.create(r.addresses().get(0));
            byte[] p = proxiedCall(null).get(0);
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                for (int i = 0; i < 20_000; i++) {
                    s.send(new DatagramPacket(p, p.length, InetAddress.getLoopbackAddress(), udp.getPort()));
                }
            }
            long seen = -1;
            for (int i = 0; i < 100 && seen != r.counters().packets.get(); i++) { // until the socket is drained
                seen = r.counters().packets.get();
                Thread.sleep(100);
            }
            assertTrue(r.counters().dropped.get() > 0, r.counters().toString());
            // at most the queue, the messages held until the agent's view is clear (200), and the one being handed on
            long kept = r.counters().packets.get() - r.counters().dropped.get();
            assertTrue(kept <= 1000 + 200 + 2, "kept " + kept + ": " + r.counters());
            stuck.countDown();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
    }

    /** INVITE from a phone to the proxy, relayed to the far end; 488 back and relayed: as HEP packets. */
    static List<byte[]> proxiedCall(String key) {
        String invite = "INVITE sip:100@127.0.0.1:5070 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-a\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=1\r\nTo: <sip:100@127.0.0.1>\r\nCall-ID: hep-call-1\r\n"
                + "CSeq: 1 INVITE\r\nContact: <sip:alice@127.0.0.1:5060>\r\nContent-Length: 0\r\n\r\n";
        String relayed = invite.replace("Via: SIP", "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-b\r\nVia: SIP");
        String refused = "SIP/2.0 488 Not Acceptable Here\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-b\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-a\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=1\r\nTo: <sip:100@127.0.0.1>;tag=2\r\nCall-ID: hep-call-1\r\n"
                + "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
        String back = refused.replace("Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-b\r\n", "");
        return List.of(hep(invite, 5060, 5062, key, 0), hep(relayed, 5062, 5070, key, 1),
                hep(refused, 5070, 5062, key, 2), hep(back, 5062, 5060, key, 3));
    }

    private static byte[] hep(String sip, int srcPort, int dstPort, String key, int n) {
        return HepCodec.encode(new HepPacket(2, 17, "127.0.0.1", "127.0.0.1", srcPort, dstPort, 1_700_000_000L,
                5 + n, HepPacket.TYPE_SIP, 2001, key, sip.getBytes(StandardCharsets.UTF_8), null, null));
    }

    private static byte[] sip(String sip, int n, String key) {
        return hep(sip, 5060, 5062, key, n);
    }
}
