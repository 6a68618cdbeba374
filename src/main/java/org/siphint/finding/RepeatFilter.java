package org.siphint.finding;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drops a finding that repeats one already reported for the same call: the same failure seen in
 * both the softphone's and the PBX's log, or a retransmitted response, is one occurrence. Findings
 * not bound to a call are never merged here (the pop-up gate rate-limits those).
 */
public final class RepeatFilter {

    static final int MAX_KEYS = 8_192;

    private final long windowMillis;
    private final Map<String, Long> seen = new LinkedHashMap<>(64, 0.75f, true);

    public RepeatFilter(Duration window) {
        this.windowMillis = window.toMillis();
    }

    /** Whether the finding is new (and remembers it). */
    public boolean isNew(Finding f) {
        if (f.callId() == null) {
            return true;
        }
        String key = f.situation() + '\u0000' + f.callId();
        long t = f.time().toEpochMilli();
        Long last = seen.get(key);
        seen.put(key, t);
        if (seen.size() > MAX_KEYS) {
            Iterator<String> eldest = seen.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return last == null || Math.abs(t - last) > windowMillis;
    }
}
