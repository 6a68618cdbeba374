package org.siphint.capture;

/**
 * Takes packets down through the layers (link, IP with fragments, UDP or TCP) and hands on what
 * siphint reads: SIP messages, recognised by content on any port, and RTP/RTCP packets for
 * measurement. Malformed packets at any layer are counted and passed over.
 */
public final class PacketDecoder {

    /** Where SIP messages go: the message's bytes are valid during the call only. */
    public interface SipOut {
        void sip(long nanos, long frame, String transport, Endpoint src, Endpoint dst, byte[] b, int off, int len);
    }

    /** Where UDP datagrams that may be RTP or RTCP go (first byte says version 2). */
    public interface MediaOut {
        void datagram(long nanos, long frame, IpPacket ip, int srcPort, int dstPort, byte[] b, int off, int len);
    }

    private final SipOut sip;
    private final MediaOut media;
    private final IpPacket ip = new IpPacket();
    private final Fragments fragments = new Fragments();
    private final TcpStreams tcp = new TcpStreams();
    private long malformed;
    private long notIp;

    // the packet being decoded, for the TCP callback
    private long curNanos;
    private long curFrame;
    private Endpoint curSrc;
    private Endpoint curDst;
    private final TcpStreams.Messages tcpOut = (b, off, len) -> emit("TCP", b, off, len);
    private final TcpStreams.Messages udpOut = (b, off, len) -> {
        if (curSrc == null) { // endpoints as text only for datagrams that are SIP
            curSrc = new Endpoint(IpPacket.text(ip.src, ip.version), LinkLayer.u16(ip.data, ip.offset));
            curDst = new Endpoint(IpPacket.text(ip.dst, ip.version), LinkLayer.u16(ip.data, ip.offset + 2));
        }
        emit("UDP", b, off, len);
    };

    public PacketDecoder(SipOut sip, MediaOut media) {
        this.sip = sip;
        this.media = media;
    }

    /** Decodes one captured frame. */
    public void frame(Frame f) {
        int at = LinkLayer.ipOffset(f.linkType, f.data, f.offset, f.length);
        if (at < 0) {
            notIp++;
            return;
        }
        ipPacket(f.data, at, f.offset + f.length, f.timeNanos, f.number);
    }

    /** Decodes one IP packet (HEP and tests give packets without a link layer). */
    public void ipPacket(byte[] data, int at, int end, long nanos, long frameNumber) {
        IpPacket.Outcome outcome = ip.parse(data, at, end, fragments, nanos);
        if (outcome != IpPacket.Outcome.OK) {
            if (outcome == IpPacket.Outcome.NOT_IP) {
                malformed++;
            }
            return;
        }
        byte[] b = ip.data;
        int off = ip.offset;
        int len = ip.length;
        if (ip.protocol == IpPacket.UDP) {
            if (len < 8) {
                malformed++;
                return;
            }
            int srcPort = LinkLayer.u16(b, off);
            int dstPort = LinkLayer.u16(b, off + 2);
            int udpLength = LinkLayer.u16(b, off + 4);
            int payload = off + 8;
            int payloadEnd = udpLength >= 8 ? Math.min(off + len, off + udpLength) : off + len;
            udp(nanos, frameNumber, srcPort, dstPort, b, payload, payloadEnd);
        } else if (ip.protocol == IpPacket.TCP) {
            if (len < 20) {
                malformed++;
                return;
            }
            int dataOffset = ((b[off + 12] & 0xff) >> 4) * 4;
            if (dataOffset < 20 || dataOffset > len) {
                malformed++;
                return;
            }
            int srcPort = LinkLayer.u16(b, off);
            int dstPort = LinkLayer.u16(b, off + 2);
            long seq = ((long) LinkLayer.u16(b, off + 4) << 16) | LinkLayer.u16(b, off + 6);
            int flags = b[off + 13] & 0xff;
            curNanos = nanos;
            curFrame = frameNumber;
            curSrc = new Endpoint(IpPacket.text(ip.src, ip.version), srcPort);
            curDst = new Endpoint(IpPacket.text(ip.dst, ip.version), dstPort);
            tcp.segment(curSrc + ">" + curDst, seq, flags, b, off + dataOffset, len - dataOffset, tcpOut);
        }
    }

    private void udp(long nanos, long frameNumber, int srcPort, int dstPort, byte[] b, int from, int to) {
        if (from >= to) {
            return;
        }
        int first = b[from] & 0xff;
        if ((first & 0xc0) == 0x80) { // RTP/RTCP version 2: never the first byte of SIP text
            if (media != null) {
                media.datagram(nanos, frameNumber, ip, srcPort, dstPort, b, from, to - from);
            }
            return;
        }
        curNanos = nanos;
        curFrame = frameNumber;
        curSrc = null;
        SipFraming.datagram(b, from, to, udpOut);
    }

    private void emit(String transport, byte[] b, int off, int len) {
        sip.sip(curNanos, curFrame, transport, curSrc, curDst, b, off, len);
    }

    /** Packets dropped as malformed at the IP or transport layer. */
    public long malformed() {
        return malformed;
    }

    /** Frames that carried no IP (ARP, another protocol, an unknown link type). */
    public long notIp() {
        return notIp;
    }

    /** IP datagrams waiting for fragments now (bounded). */
    public int fragmentsWaiting() {
        return fragments.waiting();
    }

    /** TCP streams followed now (bounded). */
    public int tcpStreams() {
        return tcp.streams();
    }
}
