package org.siphint.capture;

import java.io.IOException;
import java.io.InputStream;

/**
 * The classic libpcap format: a 24-byte file header (either byte order, micro- or nanosecond
 * timestamps), then per packet a 16-byte record header and the captured bytes.
 */
final class PcapReader extends CaptureReader {

    private boolean big;
    private boolean nanos;
    private int linkType;

    PcapReader(InputStream in, String name) {
        super(in, name);
    }

    @Override
    protected void start() throws IOException {
        if (!need(24)) {
            throw truncated("the file header");
        }
        int magic = i32(buf, 0, true);
        big = magic == 0xa1b2c3d4 || magic == 0xa1b23c4d;
        nanos = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
        // the upper bits of the link type field carry FCS flags (pcap spec, LinkType and Frame Cyclic Sequence)
        linkType = i32(buf, 20, big) & 0x0fffffff;
        pos = 24;
    }

    @Override
    public Frame next() throws IOException {
        if (atEnd()) {
            return null;
        }
        if (!need(16)) {
            throw truncated("a packet header");
        }
        long seconds = u32(buf, pos, big);
        long fraction = u32(buf, pos + 4, big);
        long captured = u32(buf, pos + 8, big);
        long wire = u32(buf, pos + 12, big);
        if (captured > MAX_PACKET) {
            throw new CaptureFormatException(where() + "a packet of " + captured + " bytes (more than "
                    + MAX_PACKET + ": the length lies or the file is damaged)");
        }
        pos += 16;
        if (!need((int) captured)) {
            throw truncated("packet " + (packets + 1));
        }
        frame.data = buf;
        frame.offset = pos;
        frame.length = (int) captured;
        frame.wireLength = (int) Math.min(Integer.MAX_VALUE, Math.max(wire, captured));
        frame.timeNanos = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
        frame.linkType = linkType;
        frame.number = ++packets;
        pos += (int) captured;
        return frame;
    }
}
