package org.siphint.capture;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reassembles the TCP byte streams that carry SIP and frames the messages in them: several
 * messages in one segment, one message across segments, segments out of order, retransmitted or
 * overlapping (the bytes already taken win). A stream that shows no SIP in its first
 * {@link #SNIFF_BYTES} is let go (HTTP, TLS: not ours), so only SIP streams cost memory.
 *
 * <p>Bounded: {@link #MAX_STREAMS} streams (the least recently used is dropped), each holding at
 * most one message's worth of bytes and {@link #MAX_OUT_OF_ORDER} early segments; a gap that is
 * never filled is skipped (the message cut by it is lost, the stream resynchronises on the next
 * start line).
 */
final class TcpStreams {

    static final int MAX_STREAMS = 4096;
    static final int MAX_OUT_OF_ORDER = 64;
    static final int MAX_BUFFERED = SipFraming.MAX_HEADERS + SipFraming.MAX_BODY;
    static final int SNIFF_BYTES = 16 * 1024;

    /** Where framed messages go: the bytes, valid during the call. */
    interface Messages {
        void message(byte[] b, int off, int len);
    }

    private static final class Stream {
        byte[] buf = new byte[4096];
        int len;
        int next;
        boolean synced;
        boolean notSip;
        long seen; // bytes of stream seen, for the sniffing limit
        boolean sipSeen;
        final TreeMap<Integer, byte[]> early = new TreeMap<>((a, b) -> Integer.compare(a - b, 0));
    }

    private final Map<String, Stream> streams = new LinkedHashMap<>(64, 0.75f, true);
    private long gaps;

    /**
     * Takes one segment of the stream {@code key} (source and destination with ports).
     *
     * @param flags the TCP flags byte (SYN 0x02, FIN 0x01, RST 0x04)
     */
    void segment(String key, long seq32, int flags, byte[] data, int off, int len, Messages out) {
        int seq = (int) seq32;
        boolean syn = (flags & 0x02) != 0;
        boolean finOrRst = (flags & 0x05) != 0;
        Stream s = streams.get(key);
        if (s == null) {
            if (len == 0 && !syn) {
                return;
            }
            if (streams.size() >= MAX_STREAMS) {
                Iterator<Stream> oldest = streams.values().iterator();
                oldest.next();
                oldest.remove();
            }
            s = new Stream();
            streams.put(key, s);
        }
        if (syn) {
            s.next = seq + 1;
            s.synced = true;
            s.len = 0;
            s.early.clear();
            seq++;
        } else if (!s.synced) {
            s.next = seq; // the capture began inside the connection
            s.synced = true;
        }
        if (!s.notSip && len > 0) {
            take(s, seq, data, off, len, out);
        }
        if (finOrRst) {
            streams.remove(key);
        }
    }

    private void take(Stream s, int seq, byte[] data, int off, int len, Messages out) {
        int rel = seq - s.next;
        if (rel < 0) { // a retransmission or an overlap: the bytes taken already win
            if (-rel >= len) {
                return;
            }
            off += -rel;
            len -= -rel;
            rel = 0;
        }
        if (rel > 0) {
            if (s.early.size() >= MAX_OUT_OF_ORDER) {
                skipGap(s, out);
                if (seq - s.next < 0) {
                    take(s, seq, data, off, len, out);
                    return;
                }
            }
            byte[] copy = Arrays.copyOfRange(data, off, off + len);
            byte[] had = s.early.get(seq);
            if (had == null || had.length < copy.length) {
                s.early.put(seq, copy);
            }
            if (s.early.size() >= MAX_OUT_OF_ORDER) {
                skipGap(s, out);
            }
            return;
        }
        append(s, data, off, len, out);
        drainEarly(s, out);
    }

    private void drainEarly(Stream s, Messages out) {
        while (!s.early.isEmpty()) {
            Map.Entry<Integer, byte[]> first = s.early.firstEntry();
            int rel = first.getKey() - s.next;
            if (rel > 0) {
                return;
            }
            s.early.pollFirstEntry();
            byte[] b = first.getValue();
            if (-rel < b.length) {
                append(s, b, -rel, b.length + rel, out);
            }
        }
    }

    /** Gives up on a gap that never filled: the partial message is dropped, reading goes on after the gap. */
    private void skipGap(Stream s, Messages out) {
        gaps++;
        s.len = 0;
        if (!s.early.isEmpty()) {
            s.next = s.early.firstKey();
        }
        drainEarly(s, out);
    }

    private void append(Stream s, byte[] data, int off, int len, Messages out) {
        s.next += len;
        s.seen += len;
        if (s.len + len > s.buf.length) {
            int want = s.len + len;
            if (want > MAX_BUFFERED) {
                s.len = 0; // no message is this long: drop what is held and resynchronise
                if (len > MAX_BUFFERED) {
                    return;
                }
                want = len;
            }
            s.buf = Arrays.copyOf(s.buf, Math.min(MAX_BUFFERED, Math.max(want, s.buf.length * 2)));
        }
        System.arraycopy(data, off, s.buf, s.len, len);
        s.len += len;
        frame(s, out);
    }

    private void frame(Stream s, Messages out) {
        int at = 0;
        for (int guard = 0; guard < 100_000 && at < s.len; guard++) {
            at += SipFraming.skipLineEnds(s.buf, at, s.len);
            if (at >= s.len) {
                break;
            }
            int n = SipFraming.frame(s.buf, at, s.len, false);
            if (n == SipFraming.INCOMPLETE) {
                break;
            }
            if (n == SipFraming.NOT_SIP) {
                int resync = resync(s.buf, at + 1, s.len);
                if (resync < 0) {
                    at = Math.max(at, s.len - 16); // keep a tail: a start line may be cut at the segment's end
                    break;
                }
                at = resync;
                continue;
            }
            s.sipSeen = true;
            out.message(s.buf, at, n);
            at += n;
        }
        if (at > 0) {
            System.arraycopy(s.buf, at, s.buf, 0, s.len - at);
            s.len -= at;
        }
        if (!s.sipSeen && s.seen > SNIFF_BYTES) {
            s.notSip = true;
            s.len = 0;
            s.buf = new byte[0];
            s.early.clear();
        }
    }

    /** The start of the next line that begins a SIP message, or -1. */
    private static int resync(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == '\n' && i + 1 < end) {
                int r = SipFraming.startLine(b, i + 1, end);
                if (r != 0) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    /** Streams followed now. */
    int streams() {
        return streams.size();
    }

    /** Gaps given up on. */
    long gaps() {
        return gaps;
    }
}
