package org.siphint.hep;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * HEP v3 (EEP) as the HEP3 network protocol specification (rev. 37) defines it: {@code HEP3} (or
 * {@code EEP3}), a 16-bit total length, then chunks of vendor, type, length (counting its own six
 * bytes) and payload, all big-endian. Checks as strict as heplify-server's: the total length must
 * be the packet's, every chunk at least six bytes and inside the packet, fixed-size chunks of
 * their size. Unknown chunks and vendors are skipped by length.
 */
public final class HepCodec {

    /** No HEP packet is larger (the length field is 16 bits; heplify-server's limit is 65507). */
    public static final int MAX_PACKET = 65_535;
    /** A compressed payload may not inflate beyond this. */
    static final int MAX_INFLATED = 256 * 1024;

    private HepCodec() {
    }

    /** The total length a packet's header announces, or -1 when the first six bytes are no HEP v3 header. */
    public static int announcedLength(byte[] b, int off, int len) {
        if (len < 6 || !isMagic(b, off)) {
            return -1;
        }
        return u16(b, off + 4);
    }

    private static boolean isMagic(byte[] b, int off) {
        return (b[off] == 'H' && b[off + 1] == 'E' && b[off + 2] == 'P' || b[off] == 'E' && b[off + 1] == 'E'
                && b[off + 2] == 'P') && b[off + 3] == '3';
    }

    /** Decodes one packet that fills {@code b[off .. off + len)} exactly. */
    public static HepPacket decode(byte[] b, int off, int len) throws HepFormatException {
        if (len < 6 || !isMagic(b, off)) {
            throw new HepFormatException("not HEP v3 (no HEP3/EEP3 header)");
        }
        int total = u16(b, off + 4);
        if (total != len) {
            throw new HepFormatException("total length " + total + " is not the packet's " + len);
        }
        int family = 0;
        int protocol = 17;
        String src = null;
        String dst = null;
        int srcPort = 0;
        int dstPort = 0;
        long seconds = 0;
        long micros = 0;
        int type = -1;
        long captureId = -1;
        String authKey = null;
        byte[] payload = null;
        String correlation = null;
        String node = null;
        int at = off + 6;
        int end = off + len;
        while (at < end) {
            if (end - at < 6) {
                throw new HepFormatException("a chunk header cut short");
            }
            int vendor = u16(b, at);
            int chunk = u16(b, at + 2);
            int size = u16(b, at + 4);
            if (size < 6 || at + size > end) {
                throw new HepFormatException("chunk " + chunk + " of length " + size + " runs past the packet");
            }
            int v = at + 6;
            int n = size - 6;
            if (vendor == 0) {
                switch (chunk) {
                    case 0x01 -> family = fixed(b, v, n, 1, chunk);
                    case 0x02 -> protocol = fixed(b, v, n, 1, chunk);
                    case 0x03 -> src = address(b, v, n, 4, chunk);
                    case 0x04 -> dst = address(b, v, n, 4, chunk);
                    case 0x05 -> src = address(b, v, n, 16, chunk);
                    case 0x06 -> dst = address(b, v, n, 16, chunk);
                    case 0x07 -> srcPort = fixed(b, v, n, 2, chunk);
                    case 0x08 -> dstPort = fixed(b, v, n, 2, chunk);
                    case 0x09 -> seconds = fixed32(b, v, n, chunk);
                    case 0x0a -> micros = fixed32(b, v, n, chunk);
                    case 0x0b -> type = fixed(b, v, n, 1, chunk);
                    case 0x0c -> captureId = fixed32(b, v, n, chunk);
                    case 0x0e -> authKey = new String(b, v, n, StandardCharsets.UTF_8);
                    case 0x0f -> payload = java.util.Arrays.copyOfRange(b, v, v + n);
                    case 0x10 -> payload = inflate(b, v, n);
                    case 0x11 -> correlation = new String(b, v, n, StandardCharsets.UTF_8);
                    case 0x13 -> node = new String(b, v, n, StandardCharsets.UTF_8);
                    default -> {
                    }
                }
            }
            at += size;
        }
        return new HepPacket(family, protocol, src, dst, srcPort, dstPort, seconds, micros, type, captureId, authKey,
                payload, correlation, node);
    }

    private static int fixed(byte[] b, int v, int n, int want, int chunk) throws HepFormatException {
        if (n != want) {
            throw new HepFormatException("chunk " + chunk + " has " + n + " bytes, not " + want);
        }
        return want == 1 ? b[v] & 0xff : u16(b, v);
    }

    private static long fixed32(byte[] b, int v, int n, int chunk) throws HepFormatException {
        if (n != 4) {
            throw new HepFormatException("chunk " + chunk + " has " + n + " bytes, not 4");
        }
        return ((long) u16(b, v) << 16) | u16(b, v + 2);
    }

    private static String address(byte[] b, int v, int n, int want, int chunk) throws HepFormatException {
        if (n != want) {
            throw new HepFormatException("chunk " + chunk + " has " + n + " bytes, not " + want);
        }
        try {
            return java.net.InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, v, v + n)).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new HepFormatException("chunk " + chunk + ": no address");
        }
    }

    private static byte[] inflate(byte[] b, int v, int n) throws HepFormatException {
        boolean gzip = n >= 2 && (b[v] & 0xff) == 0x1f && (b[v + 1] & 0xff) == 0x8b;
        try (java.io.InputStream in = gzip ? new GZIPInputStream(new java.io.ByteArrayInputStream(b, v, n))
                : new InflaterInputStream(new java.io.ByteArrayInputStream(b, v, n))) {
            byte[] out = in.readNBytes(MAX_INFLATED + 1);
            if (out.length > MAX_INFLATED) {
                throw new HepFormatException("a compressed payload inflating past " + MAX_INFLATED + " bytes");
            }
            return out;
        } catch (java.io.IOException e) {
            throw new HepFormatException("a compressed payload that does not inflate");
        }
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    /** Encodes a SIP message as HEP v3 (for {@code --hep-forward} and tests). */
    public static byte[] encode(HepPacket p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (p.payload() == null ? 0 : p.payload().length));
        out.writeBytes(new byte[] {'H', 'E', 'P', '3', 0, 0});
        boolean v6 = p.src() != null && p.src().indexOf(':') >= 0;
        chunk(out, 0x01, new byte[] {(byte) (v6 ? 10 : 2)});
        chunk(out, 0x02, new byte[] {(byte) p.protocol()});
        chunk(out, v6 ? 0x05 : 0x03, addressBytes(p.src(), v6));
        chunk(out, v6 ? 0x06 : 0x04, addressBytes(p.dst(), v6));
        chunk(out, 0x07, new byte[] {(byte) (p.srcPort() >> 8), (byte) p.srcPort()});
        chunk(out, 0x08, new byte[] {(byte) (p.dstPort() >> 8), (byte) p.dstPort()});
        chunk(out, 0x09, int32(p.seconds()));
        chunk(out, 0x0a, int32(p.micros()));
        chunk(out, 0x0b, new byte[] {(byte) p.type()});
        if (p.captureId() >= 0) {
            chunk(out, 0x0c, int32(p.captureId()));
        }
        if (p.authKey() != null) {
            chunk(out, 0x0e, p.authKey().getBytes(StandardCharsets.UTF_8));
        }
        if (p.correlation() != null) {
            chunk(out, 0x11, p.correlation().getBytes(StandardCharsets.UTF_8));
        }
        if (p.node() != null) {
            chunk(out, 0x13, p.node().getBytes(StandardCharsets.UTF_8));
        }
        if (p.payload() != null) {
            chunk(out, 0x0f, p.payload());
        }
        byte[] bytes = out.toByteArray();
        if (bytes.length > MAX_PACKET) {
            throw new IllegalArgumentException("a HEP packet of " + bytes.length + " bytes");
        }
        bytes[4] = (byte) (bytes.length >> 8);
        bytes[5] = (byte) bytes.length;
        return bytes;
    }

    private static void chunk(ByteArrayOutputStream out, int type, byte[] value) {
        int size = value.length + 6;
        out.writeBytes(new byte[] {0, 0, (byte) (type >> 8), (byte) type, (byte) (size >> 8), (byte) size});
        out.writeBytes(value);
    }

    private static byte[] int32(long v) {
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    private static byte[] addressBytes(String address, boolean v6) {
        if (address == null || !address.matches("[0-9A-Fa-f:.]{2,45}")) {
            return new byte[v6 ? 16 : 4]; // only literal addresses: never a name lookup for text from a log
        }
        try {
            byte[] a = java.net.InetAddress.getByName(address == null ? (v6 ? "::" : "0.0.0.0") : address).getAddress();
            return a.length == (v6 ? 16 : 4) ? a : new byte[v6 ? 16 : 4];
        } catch (java.net.UnknownHostException e) {
            return new byte[v6 ? 16 : 4];
        }
    }
}
