package org.siphint.capture;

/**
 * Finds the IP packet inside a link-layer frame, for the link types captures of SIP come in:
 * Ethernet (with 802.1Q/802.1ad VLAN tags), Linux cooked capture v1 and v2 (what {@code tcpdump -i any}
 * writes), BSD loopback/null, and raw IP. Link types and header layouts: tcpdump.org's link-layer
 * header types list.
 */
public final class LinkLayer {

    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    public static final int RAW = 101;
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;
    /** Raw IP on some BSDs (DLT_RAW's values 12 and 14 before LINKTYPE_RAW). */
    private static final int RAW_BSD12 = 12;
    private static final int RAW_BSD14 = 14;

    private static final int MAX_VLAN_TAGS = 4;

    private LinkLayer() {
    }

    /**
     * The offset of the IP header inside {@code data[offset .. offset + length)}, or -1 when the
     * frame carries no IPv4 or IPv6 (ARP, another protocol, an unknown link type, too short).
     */
    public static int ipOffset(int linkType, byte[] data, int offset, int length) {
        int end = offset + length;
        switch (linkType) {
            case ETHERNET: {
                int i = offset + 12;
                for (int tags = 0; tags <= MAX_VLAN_TAGS; tags++) {
                    if (i + 2 > end) {
                        return -1;
                    }
                    int type = u16(data, i);
                    if (type == 0x8100 || type == 0x88a8 || type == 0x9100) {
                        i += 4;
                        continue;
                    }
                    return ipByEtherType(type, i + 2, end);
                }
                return -1;
            }
            case LINUX_SLL:
                return offset + 16 <= end ? ipByEtherType(u16(data, offset + 14), offset + 16, end) : -1;
            case LINUX_SLL2:
                return offset + 20 <= end ? ipByEtherType(u16(data, offset), offset + 20, end) : -1;
            case NULL:
            case LOOP: {
                if (offset + 4 > end) {
                    return -1;
                }
                // NULL: the address family in the capturing host's byte order; LOOP: network order
                int be = u16(data, offset) << 16 | u16(data, offset + 2);
                int family = linkType == LOOP ? be : (be & 0xffff) == 0 ? Integer.reverseBytes(be) : be;
                return family == 2 || family == 24 || family == 28 || family == 30 ? byVersion(data, offset + 4, end) : -1;
            }
            case RAW:
            case RAW_BSD12:
            case RAW_BSD14:
            case IPV4:
            case IPV6:
                return byVersion(data, offset, end);
            default:
                return -1;
        }
    }

    private static int ipByEtherType(int type, int at, int end) {
        return (type == 0x0800 || type == 0x86dd) && at < end ? at : -1;
    }

    private static int byVersion(byte[] data, int at, int end) {
        if (at >= end) {
            return -1;
        }
        int v = (data[at] & 0xff) >> 4;
        return v == 4 || v == 6 ? at : -1;
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
}
