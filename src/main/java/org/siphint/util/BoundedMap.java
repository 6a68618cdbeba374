package org.siphint.util;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that keeps at most {@code max} entries, dropping the oldest (or the least recently used)
 * when one more comes: what a daemon remembers of a stream of calls, addresses and files must not
 * grow with the stream.
 */
public final class BoundedMap<K, V> extends LinkedHashMap<K, V> {

    private static final long serialVersionUID = 1L;

    private final int max;

    private BoundedMap(int max, boolean accessOrder) {
        super(Math.min(max, 64), 0.75f, accessOrder);
        if (max < 1) {
            throw new IllegalArgumentException("a bound of " + max);
        }
        this.max = max;
    }

    /** Drops the entry put in first (iteration runs oldest first). */
    public static <K, V> BoundedMap<K, V> droppingOldest(int max) {
        return new BoundedMap<>(max, false);
    }

    /** Drops the entry read or written longest ago (iteration runs least recently used first). */
    public static <K, V> BoundedMap<K, V> droppingLeastRecentlyUsed(int max) {
        return new BoundedMap<>(max, true);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
    }
}
