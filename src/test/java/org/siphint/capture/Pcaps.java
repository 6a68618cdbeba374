package org.siphint.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.siphint.event.LogEvent;
import org.siphint.event.SipMessage;

/** Test helpers: packets of real captures taken apart and written again in other framings. */
final class Pcaps {

    /** One packet: capture time and the IP packet (link layer removed). */
    record Packet(long nanos, byte[] ip) {
    }

    private Pcaps() {
    }

    /** The IP packets of a capture file, in order. */
    static List<Packet> ipPackets(Path file) throws IOException {
        List<Packet> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); CaptureReader r = CaptureReader.open(in, file.toString())) {
            Frame f;
            while ((f = r.next()) != null) {
                int at = LinkLayer.ipOffset(f.linkType(), f.data(), f.offset(), f.length());
                if (at >= 0) {
                    byte[] ip = new byte[f.offset() + f.length() - at];
                    System.arraycopy(f.data(), at, ip, 0, ip.length);
                    out.add(new Packet(f.timeNanos(), ip));
                }
            }
        }
        return out;
    }

    /** A little-endian microsecond pcap of frames of one link type. */
    static byte[] pcap(int linkType, List<Long> nanos, List<byte[]> frames) {
        ByteBuffer b = ByteBuffer.allocate(24 + frames.stream().mapToInt(f -> f.length + 16).sum()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(linkType);
        for (int i = 0; i < frames.size(); i++) {
            long t = nanos.get(i);
            b.putInt((int) (t / 1_000_000_000L)).putInt((int) (t % 1_000_000_000L / 1000))
                    .putInt(frames.get(i).length).putInt(frames.get(i).length).put(frames.get(i));
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** An IPv4 header and payload. */
    static byte[] ipv4(int protocol, byte[] src, byte[] dst, int id, int fragField, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) id)
                .putShort((short) fragField).put((byte) 64).put((byte) protocol).putShort((short) 0).put(src).put(dst)
                .put(payload);
        return b.array();
    }

    /** An IPv6 header and payload (with the extension headers already in {@code payload}). */
    static byte[] ipv6(int next, byte[] src, byte[] dst, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(40 + payload.length);
        b.putInt(0x60000000).putShort((short) payload.length).put((byte) next).put((byte) 64).put(src).put(dst).put(payload);
        return b.array();
    }

    static byte[] udp(int srcPort, int dstPort, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload.length)).putShort((short) 0)
                .put(payload);
        return b.array();
    }

    static byte[] tcp(int srcPort, int dstPort, long seq, int flags, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort((short) srcPort).putShort((short) dstPort).putInt((int) seq).putInt(0)
                .put((byte) 0x50).put((byte) flags).putShort((short) 65535).putInt(0).put(payload);
        return b.array();
    }

    /** Reads a capture from bytes with the shipped pipeline's reader; the events, and the problem if any. */
    static Read read(byte[] capture) throws IOException {
        Path file = Files.createTempFile("siphint-capture", ".pcap");
        try {
            Files.write(file, capture);
            return read(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static Read read(Path file) throws IOException {
        List<LogEvent> events = new ArrayList<>();
        try (CaptureEvents c = CaptureEvents.open(file, "capture.pcap", null)) {
            LogEvent e;
            while ((e = c.next()) != null) {
                events.add(e);
            }
            return new Read(events, c.problem(), c);
        }
    }

    record Read(List<LogEvent> events, String problem, CaptureEvents capture) {

        List<SipMessage> sip() {
            return events.stream().filter(SipMessage.class::isInstance).map(SipMessage.class::cast).toList();
        }

        /** Each message as "time direction peer start-line Call-ID", for comparing readings. */
        List<String> summary() {
            return sip().stream().map(m -> m.getTime() + " " + m.getDirection() + " " + m.getPeer() + " "
                    + (m.isRequest() ? m.getMethod() : String.valueOf(m.getStatus())) + " " + m.getCallId()
                    + " " + m.getText().length()).toList();
        }
    }
}
