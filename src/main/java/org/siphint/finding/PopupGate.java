package org.siphint.finding;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides which findings deserve a pop-up: warnings and errors only, and one per situation and
 * account within a window, so a retrying phone produces one notification, not a storm. Every finding
 * still reaches the JSON and history sinks; this gate only guards the pop-up.
 */
public final class PopupGate {

    /** Keys remembered at most: a flood of distinct accounts must not grow memory. */
    static final int MAX_KEYS = 4_096;

    private final long windowMillis;
    private final Map<String, Long> lastShown = new LinkedHashMap<>(64, 0.75f, true);

    public PopupGate(Duration window) {
        this.windowMillis = window.toMillis();
    }

    /** Whether this finding should pop up now; {@code nowMillis} is the finding's time. */
    public synchronized boolean admit(Finding f, long nowMillis) {
        if (!f.severityLevel().popsUp()) {
            return false;
        }
        String key = f.situation() + "\u0000" + (f.account() == null ? "" : f.account());
        Long last = lastShown.get(key);
        if (last != null && nowMillis - last < windowMillis && nowMillis >= last) {
            return false;
        }
        lastShown.put(key, nowMillis);
        if (lastShown.size() > MAX_KEYS) {
            Iterator<String> eldest = lastShown.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return true;
    }
}
