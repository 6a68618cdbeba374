package org.siphint.capture;

/**
 * One captured packet as a capture file holds it: a view into the reader's buffer, valid until the
 * next packet is read. Reused from packet to packet, so reading allocates nothing per packet.
 */
public final class Frame {

    /** The bytes; the packet is {@code data[offset .. offset + length)}. */
    byte[] data;
    int offset;
    /** Bytes captured (at most the snapshot length). */
    int length;
    /** Bytes the packet had on the wire. */
    int wireLength;
    /** Capture time, nanoseconds since the epoch. */
    long timeNanos;
    /** The link type (LINKTYPE_* of the tcpdump.org list). */
    int linkType;
    /** 1-based packet number in the file, as Wireshark numbers frames. */
    long number;

    public byte[] data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public int wireLength() {
        return wireLength;
    }

    public long timeNanos() {
        return timeNanos;
    }

    public int linkType() {
        return linkType;
    }

    public long number() {
        return number;
    }

    /** Sets every field: for tests and for HEP, whose packets come without a file. */
    public Frame set(byte[] data, int offset, int length, long timeNanos, int linkType, long number) {
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.wireLength = length;
        this.timeNanos = timeNanos;
        this.linkType = linkType;
        this.number = number;
        return this;
    }
}
