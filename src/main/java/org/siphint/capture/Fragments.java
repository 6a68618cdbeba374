package org.siphint.capture;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts IPv4 and IPv6 fragments back together (a large INVITE over UDP). Bounded: at most
 * {@link #MAX_DATAGRAMS} datagrams wait at once (the oldest is dropped for a new one), none larger
 * than 65,535 bytes, none older than {@link #TIMEOUT_NANOS} of capture time; overlapping pieces are
 * taken as they come (a later piece overwrites), and a datagram is whole when every 8-byte unit up
 * to its last piece's end has come.
 */
final class Fragments {

    static final int MAX_DATAGRAMS = 256;
    static final int MAX_SIZE = 65_535;
    static final long TIMEOUT_NANOS = 30_000_000_000L;

    private record Key(int version, String src, String dst, int protocol, long id) {
    }

    private static final class Pending {
        final long first;
        byte[] bytes = new byte[2048];
        final BitSet units = new BitSet();
        int total = -1;

        Pending(long first) {
            this.first = first;
        }
    }

    private final Map<Key, Pending> pending = new LinkedHashMap<>();
    private long dropped;

    /**
     * Takes one fragment (the packet's payload); when it completes its datagram, sets the packet's
     * payload to the whole datagram and answers true.
     */
    boolean add(IpPacket p, long id, int fragOffset, boolean more, long nanos) {
        expire(nanos);
        int end = fragOffset + p.length;
        if (end > MAX_SIZE || (more && p.length % 8 != 0) || p.length <= 0) {
            dropped++;
            return false;
        }
        int n = p.addressLength();
        Key key = new Key(p.version, new String(p.src, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1),
                new String(p.dst, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1), p.protocol, id);
        Pending d = pending.get(key);
        if (d == null) {
            if (pending.size() >= MAX_DATAGRAMS) {
                Iterator<Pending> oldest = pending.values().iterator();
                oldest.next();
                oldest.remove();
                dropped++;
            }
            d = new Pending(nanos);
            pending.put(key, d);
        }
        if (end > d.bytes.length) {
            d.bytes = Arrays.copyOf(d.bytes, Math.min(MAX_SIZE, Math.max(end, d.bytes.length * 2)));
        }
        System.arraycopy(p.data, p.offset, d.bytes, fragOffset, p.length);
        d.units.set(fragOffset / 8, (end + 7) / 8);
        if (!more) {
            d.total = end;
        }
        if (d.total >= 0 && d.units.nextClearBit(0) >= (d.total + 7) / 8) {
            pending.remove(key);
            p.data = d.bytes;
            p.offset = 0;
            p.length = d.total;
            return true;
        }
        return false;
    }

    private void expire(long nanos) {
        Iterator<Pending> it = pending.values().iterator();
        while (it.hasNext()) {
            Pending d = it.next();
            if (nanos - d.first <= TIMEOUT_NANOS) {
                break; // insertion order: the rest are younger
            }
            it.remove();
            dropped++;
        }
    }

    /** Datagrams waiting now. */
    int waiting() {
        return pending.size();
    }

    /** Fragments or datagrams given up (too large, never completed, pushed out by a flood). */
    long dropped() {
        return dropped;
    }
}
