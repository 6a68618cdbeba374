package org.siphint.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streams the packets of a pcap or pcapng file (detected by the magic number) through one buffer:
 * memory stays at the buffer whatever the file's size, and no packet is copied.
 *
 * <p>Hostile input is expected: a length field that lies (larger than any packet can be, or running
 * past the end) stops reading with a {@link CaptureFormatException} that says which packet and byte;
 * every packet before it has been returned. A file cut short inside its last packet (tcpdump killed)
 * is reported the same way.
 */
public abstract class CaptureReader implements Closeable {

    /** No packet is larger: pcap's usual snapshot length is 262,144; anything beyond is a lie. */
    public static final int MAX_PACKET = 262_144 + 64;
    private static final int BUFFER = 1 << 20;

    /** The kind of file a head of bytes is. */
    public enum Format { PCAP, PCAPNG }

    private final InputStream in;
    protected final String name;
    protected final byte[] buf = new byte[BUFFER];
    protected int pos;
    protected int limit;
    private long consumed; // bytes before buf[0]
    private boolean eof;
    protected final Frame frame = new Frame();
    protected long packets;

    protected CaptureReader(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    /** The format a file's first bytes announce, or null when they are no capture's. */
    public static Format detect(byte[] head, int length) {
        if (length < 4) {
            return null;
        }
        int be = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        return switch (be) {
            case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1 -> Format.PCAP;
            case 0x0a0d0d0a -> Format.PCAPNG;
            default -> null;
        };
    }

    /** A reader for a capture stream, its format taken from the first bytes. */
    public static CaptureReader open(InputStream in, String name) throws IOException {
        byte[] head = in.readNBytes(4);
        Format format = detect(head, head.length);
        if (format == null) {
            throw new CaptureFormatException(name + ": not a pcap or pcapng file");
        }
        CaptureReader reader = format == Format.PCAP ? new PcapReader(in, name) : new PcapngReader(in, name);
        System.arraycopy(head, 0, reader.buf, 0, 4);
        reader.limit = 4;
        reader.start();
        return reader;
    }

    /** Reads the file header. */
    protected abstract void start() throws IOException;

    /**
     * The next packet, or null at the end of the file. The frame is valid until the next call.
     *
     * @throws CaptureFormatException when the file lies or is cut short; the packets before were returned
     */
    public abstract Frame next() throws IOException;

    /** Packets returned so far. */
    public long packets() {
        return packets;
    }

    /** Bytes of the file consumed so far. */
    public long position() {
        return consumed + pos;
    }

    /**
     * Makes {@code n} bytes available at {@code pos}; false when the file ends first (the bytes that
     * are there stay available).
     */
    protected final boolean need(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (n > buf.length) {
            throw new CaptureFormatException(where() + "a block of " + n + " bytes (larger than any packet)");
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            consumed += pos;
            limit -= pos;
            pos = 0;
        }
        while (limit < n && !eof) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
        return limit - pos >= n;
    }

    /** Skips {@code n} bytes (a block of no interest, perhaps larger than the buffer). */
    protected final boolean skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            if (pos == limit && !need(1)) {
                return false;
            }
            int step = (int) Math.min(left, limit - pos);
            pos += step;
            left -= step;
        }
        return true;
    }

    /** Whether the file ended exactly here (nothing more to read). */
    protected final boolean atEnd() throws IOException {
        return !need(1);
    }

    /** The start of an error message: the file, the packet and the byte where reading stopped. */
    protected final String where() {
        return name + ": after packet " + packets + ", at byte " + position() + ": ";
    }

    /** The error for a file cut short inside a header or a packet. */
    protected final CaptureFormatException truncated(String what) {
        return new CaptureFormatException(where() + "file cut short inside " + what + " ("
                + packets + " packets before it were read)");
    }

    protected static int u16(byte[] b, int i, boolean big) {
        return big ? ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff) : ((b[i + 1] & 0xff) << 8) | (b[i] & 0xff);
    }

    protected static int i32(byte[] b, int i, boolean big) {
        return big ? ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff)
                : ((b[i + 3] & 0xff) << 24) | ((b[i + 2] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i] & 0xff);
    }

    protected static long u32(byte[] b, int i, boolean big) {
        return i32(b, i, big) & 0xffffffffL;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
