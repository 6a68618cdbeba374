package org.siphint.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng (IETF draft-ietf-opsawg-pcapng): blocks of type, length, body and the length again.
 * Section headers set the byte order; interface descriptions give each interface's link type and
 * timestamp resolution ({@code if_tsresol}, {@code if_tsoffset}); enhanced, simple and the old packet
 * blocks carry packets. Other blocks (statistics, name resolution, custom) are skipped by length.
 */
final class PcapngReader extends CaptureReader {

    private static final int SHB = 0x0a0d0d0a;
    private static final int IDB = 1;
    private static final int OLD_PACKET = 2;
    private static final int SPB = 3;
    private static final int EPB = 6;
    /** More interfaces than this in one section is no real capture. */
    private static final int MAX_INTERFACES = 4096;
    /** Blocks of no interest may be large (a name-resolution table), but not endless. */
    private static final long MAX_SKIPPED_BLOCK = 64L << 20;

    private record Interface(int linkType, long unitsPerSecond, long offsetSeconds) {
    }

    private boolean big = true;
    private final List<Interface> interfaces = new ArrayList<>();

    PcapngReader(InputStream in, String name) {
        super(in, name);
    }

    @Override
    protected void start() throws IOException {
        // the section header is read as the first block by next()
    }

    @Override
    public Frame next() throws IOException {
        for (int blocks = 0; ; blocks++) {
            if (atEnd()) {
                return null;
            }
            if (!need(12)) {
                throw truncated("a block header");
            }
            int type = i32(buf, pos, big);
            if (type == SHB) {
                if (!need(12)) {
                    throw truncated("a section header");
                }
                int order = i32(buf, pos + 8, true);
                if (order == 0x1a2b3c4d) {
                    big = true;
                } else if (order == 0x4d3c2b1a) {
                    big = false;
                } else {
                    throw new CaptureFormatException(where() + "a section header with no byte-order magic");
                }
                interfaces.clear();
            }
            long length = u32(buf, pos + 4, big);
            if (length < 12 || length % 4 != 0) {
                throw new CaptureFormatException(where() + "a block length of " + length + " (the file is damaged)");
            }
            boolean packet = type == EPB || type == SPB || type == OLD_PACKET;
            if (!packet && type != SHB && type != IDB) {
                if (length > MAX_SKIPPED_BLOCK) {
                    throw new CaptureFormatException(where() + "a block of " + length + " bytes (the length lies)");
                }
                if (!skip(length)) {
                    throw truncated("a block");
                }
                continue;
            }
            if (length > MAX_PACKET + 64L) {
                throw new CaptureFormatException(where() + "a block of " + length + " bytes (more than any packet: the length lies)");
            }
            int len = (int) length;
            if (!need(len)) {
                throw truncated(packet ? "packet " + (packets + 1) : "a block");
            }
            int body = pos + 8;
            int bodyEnd = pos + len - 4;
            pos += len;
            switch (type) {
                case IDB -> interfaceBlock(body, bodyEnd);
                case EPB -> {
                    if (packetBlock(body, bodyEnd, i32(buf, body, big), body + 4, body + 12, u32(buf, body + 16, big), 20)) {
                        return frame;
                    }
                }
                case OLD_PACKET -> {
                    if (packetBlock(body, bodyEnd, u16(buf, body, big), body + 4, body + 12, u32(buf, body + 16, big), 20)) {
                        return frame;
                    }
                }
                case SPB -> {
                    if (simpleBlock(body, bodyEnd)) {
                        return frame;
                    }
                }
                default -> {
                }
            }
        }
    }

    private void interfaceBlock(int body, int end) throws CaptureFormatException {
        if (end - body < 8) {
            throw new CaptureFormatException(where() + "an interface description too short");
        }
        if (interfaces.size() >= MAX_INTERFACES) {
            throw new CaptureFormatException(where() + "more than " + MAX_INTERFACES + " interfaces");
        }
        int linkType = u16(buf, body, big);
        long units = 1_000_000;
        long offset = 0;
        int i = body + 8;
        while (i + 4 <= end) {
            int code = u16(buf, i, big);
            int olen = u16(buf, i + 2, big);
            int value = i + 4;
            if (code == 0 || value + olen > end) {
                break;
            }
            if (code == 9 && olen >= 1) { // if_tsresol
                int r = buf[value] & 0xff;
                int exp = r & 0x7f;
                if ((r & 0x80) == 0 && exp <= 18) {
                    units = pow(10, exp);
                } else if ((r & 0x80) != 0 && exp <= 62) {
                    units = 1L << exp;
                }
            } else if (code == 14 && olen >= 8) { // if_tsoffset
                offset = big ? (u32(buf, value, true) << 32) | u32(buf, value + 4, true)
                        : (u32(buf, value + 4, false) << 32) | u32(buf, value, false);
            }
            i = value + ((olen + 3) & ~3);
        }
        interfaces.add(new Interface(linkType, units, offset));
    }

    private boolean packetBlock(int body, int end, int iface, int tsHigh, int captured, long wire, int headerLength)
            throws CaptureFormatException {
        long cap = u32(buf, captured, big);
        if (iface < 0 || iface >= interfaces.size()) {
            throw new CaptureFormatException(where() + "a packet of interface " + iface + ", never described");
        }
        if (body + headerLength + cap > end) {
            throw new CaptureFormatException(where() + "a packet length of " + cap + " past its block (the length lies)");
        }
        Interface in = interfaces.get(iface);
        long ts = (u32(buf, tsHigh, big) << 32) | u32(buf, tsHigh + 4, big);
        fill(in, body + headerLength, (int) cap, wire, toNanos(ts, in));
        return true;
    }

    private boolean simpleBlock(int body, int end) throws CaptureFormatException {
        if (interfaces.isEmpty()) {
            throw new CaptureFormatException(where() + "a simple packet before any interface description");
        }
        long wire = u32(buf, body, big);
        int cap = (int) Math.min(wire, end - body - 4);
        Interface in = interfaces.get(0);
        // a simple packet has no time: it takes the previous packet's
        fill(in, body + 4, Math.max(0, cap), wire, frame.timeNanos);
        return true;
    }

    private void fill(Interface in, int offset, int length, long wire, long nanos) {
        frame.data = buf;
        frame.offset = offset;
        frame.length = length;
        frame.wireLength = (int) Math.min(Integer.MAX_VALUE, Math.max(wire, length));
        frame.timeNanos = nanos;
        frame.linkType = in.linkType;
        frame.number = ++packets;
    }

    private static long toNanos(long ts, Interface in) {
        long units = in.unitsPerSecond;
        long seconds = Long.divideUnsigned(ts, units) + in.offsetSeconds;
        long rest = Long.remainderUnsigned(ts, units);
        long nanos = units == 1_000_000_000L ? rest : (long) (rest * (1e9 / units));
        return seconds * 1_000_000_000L + nanos;
    }

    private static long pow(long base, int exp) {
        long r = 1;
        for (int i = 0; i < exp; i++) {
            r *= base;
        }
        return r;
    }
}
