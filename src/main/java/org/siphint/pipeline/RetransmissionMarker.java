package org.siphint.pipeline;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.siphint.event.SipMessage;

/**
 * Marks the copies of a SIP message that a program sent or received again (retransmissions over
 * UDP: same file, direction, Call-ID, CSeq, method, status and Via branch within 64 s, SIP's
 * timer B/F). Rules then say {@code !retransmission} instead of a "no earlier copy" pattern, which
 * Drools evaluates far more slowly when it follows a join.
 */
final class RetransmissionMarker {

    /** RFC 3261 64*T1: no copy of a transaction's message comes later than this. */
    static final long WINDOW_MILLIS = 64_000;
    static final int MAX_KEYS = 50_000;

    private final Map<String, Long> lastSeen = new LinkedHashMap<>(1024, 0.75f, false);

    void mark(SipMessage m) {
        if (m.getCallId() == null) {
            return;
        }
        String key = m.getFile() + '\u0000' + m.getDirection() + '\u0000' + m.getCallId() + '\u0000' + m.getCseq()
                + '\u0000' + m.getMethod() + '\u0000' + m.getStatus() + '\u0000' + m.getViaBranch();
        long t = m.getTimestamp();
        Long before = lastSeen.put(key, t);
        if (before != null && t - before <= WINDOW_MILLIS) {
            m.markRetransmission();
        }
        // insertion order is time order: drop from the front what no copy can follow any more
        Iterator<Map.Entry<String, Long>> it = lastSeen.entrySet().iterator();
        while (it.hasNext() && lastSeen.size() > 1) {
            Map.Entry<String, Long> oldest = it.next();
            if (oldest.getValue() < t - WINDOW_MILLIS || lastSeen.size() > MAX_KEYS) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
