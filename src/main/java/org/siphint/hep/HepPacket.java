package org.siphint.hep;

/**
 * One decoded HEP v3 packet: what siphint reads of it.
 *
 * @param family       2 (IPv4) or 10 (IPv6), as senders write chunk 0x0001
 * @param protocol     IP protocol: 6 TCP, 17 UDP (others are told as UDP)
 * @param src          source address as text
 * @param dst          destination address as text
 * @param srcPort      source port
 * @param dstPort      destination port
 * @param seconds      capture time, seconds since the epoch (0 when not sent)
 * @param micros       microseconds added to {@code seconds}
 * @param type         payload type: 1 SIP, 5 RTCP JSON, 100 log, ...
 * @param captureId    the capture agent's id (chunk 0x000c), -1 when not sent
 * @param authKey      the authentication key (chunk 0x000e), or null
 * @param payload      the captured payload (chunk 0x000f), or null
 * @param correlation  the correlation id (chunk 0x0011), or null
 * @param node         the capture agent's name (chunk 0x0013), or null
 */
public record HepPacket(int family, int protocol, String src, String dst, int srcPort, int dstPort, long seconds,
                        long micros, int type, long captureId, String authKey, byte[] payload, String correlation,
                        String node) {

    public static final int TYPE_SIP = 1;
}
