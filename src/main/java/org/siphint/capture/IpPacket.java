package org.siphint.capture;

import java.util.Arrays;

/**
 * The network layer of one packet: IPv4 or IPv6 addresses, the transport protocol and where its
 * bytes are. Reused from packet to packet; fragments are put together by {@link Fragments}.
 */
public final class IpPacket {

    public static final int TCP = 6;
    public static final int UDP = 17;

    int version;
    final byte[] src = new byte[16];
    final byte[] dst = new byte[16];
    int protocol;
    byte[] data;
    int offset;
    int length;

    /** Why {@link #parse} refused a packet, or a fragment is being held. */
    enum Outcome { OK, NOT_IP, FRAGMENT_HELD }

    /**
     * Reads the IP header at {@code data[at]}; the payload is cut to the length the header says
     * (Ethernet pads short frames) and to what was captured. Fragments are handed to
     * {@code fragments}, which answers the whole datagram once its last piece came.
     */
    Outcome parse(byte[] data, int at, int end, Fragments fragments, long nanos) {
        if (at >= end) {
            return Outcome.NOT_IP;
        }
        int v = (data[at] & 0xff) >> 4;
        if (v == 4) {
            int ihl = (data[at] & 0x0f) * 4;
            if (ihl < 20 || at + ihl > end) {
                return Outcome.NOT_IP;
            }
            int total = LinkLayer.u16(data, at + 2);
            int stop = total >= ihl ? Math.min(end, at + total) : end; // total 0: TSO, take what is there
            version = 4;
            System.arraycopy(data, at + 12, src, 0, 4);
            System.arraycopy(data, at + 16, dst, 0, 4);
            protocol = data[at + 9] & 0xff;
            int flagsOffset = LinkLayer.u16(data, at + 6);
            boolean more = (flagsOffset & 0x2000) != 0;
            int fragOffset = (flagsOffset & 0x1fff) * 8;
            this.data = data;
            this.offset = at + ihl;
            this.length = stop - offset;
            if (more || fragOffset != 0) {
                long id = LinkLayer.u16(data, at + 4);
                return fragments.add(this, id, fragOffset, more, nanos) ? Outcome.OK : Outcome.FRAGMENT_HELD;
            }
            return Outcome.OK;
        }
        if (v == 6) {
            if (at + 40 > end) {
                return Outcome.NOT_IP;
            }
            int payload = LinkLayer.u16(data, at + 4);
            int stop = payload > 0 ? Math.min(end, at + 40 + payload) : end; // 0: a jumbogram
            version = 6;
            System.arraycopy(data, at + 8, src, 0, 16);
            System.arraycopy(data, at + 24, dst, 0, 16);
            int next = data[at + 6] & 0xff;
            int i = at + 40;
            for (int headers = 0; headers < 8; headers++) {
                if (next == 0 || next == 43 || next == 60) { // hop-by-hop, routing, destination options
                    if (i + 8 > stop) {
                        return Outcome.NOT_IP;
                    }
                    next = data[i] & 0xff;
                    i += ((data[i + 1] & 0xff) + 1) * 8;
                } else if (next == 44) { // fragment
                    if (i + 8 > stop) {
                        return Outcome.NOT_IP;
                    }
                    int nextAfter = data[i] & 0xff;
                    int offMore = LinkLayer.u16(data, i + 2);
                    long id = ((long) LinkLayer.u16(data, i + 4) << 16) | LinkLayer.u16(data, i + 6);
                    protocol = nextAfter;
                    this.data = data;
                    this.offset = i + 8;
                    this.length = stop - offset;
                    int fragOffset = offMore & 0xfff8;
                    boolean more = (offMore & 1) != 0;
                    if (!more && fragOffset == 0) {
                        return Outcome.OK; // an atomic fragment
                    }
                    return fragments.add(this, id, fragOffset, more, nanos) ? Outcome.OK : Outcome.FRAGMENT_HELD;
                } else {
                    break;
                }
            }
            if (i > stop) {
                return Outcome.NOT_IP;
            }
            protocol = next;
            this.data = data;
            this.offset = i;
            this.length = stop - i;
            return Outcome.OK;
        }
        return Outcome.NOT_IP;
    }

    int addressLength() {
        return version == 4 ? 4 : 16;
    }

    /** An IPv4 address as an int (the fast path of flow keys). */
    static int v4(byte[] a) {
        return ((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
    }

    /** The address as text: dotted IPv4, or IPv6 in the RFC 5952 short form. */
    static String text(byte[] a, int version) {
        if (version == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        int[] g = new int[8];
        for (int k = 0; k < 8; k++) {
            g[k] = ((a[2 * k] & 0xff) << 8) | (a[2 * k + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (g[k] != 0) {
                k++;
                continue;
            }
            int s = k;
            while (k < 8 && g[k] == 0) {
                k++;
            }
            if (k - s > bestLen) {
                bestStart = s;
                bestLen = k - s;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                out.append("::");
                k += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[k]));
        }
        return out.toString();
    }

    /** The source address's bytes (4 or 16). */
    byte[] source() {
        return Arrays.copyOf(src, addressLength());
    }
}
