package org.siphint.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BoundedMapTest {

    @Test
    void theOldestGoesFirstHoweverOftenItIsRead() {
        assertEquals(List.of("b", "c"), keptAfterReadingTheFirst(BoundedMap.droppingOldest(2)));
    }

    @Test
    void theLeastRecentlyUsedGoesFirst() {
        assertEquals(List.of("a", "c"), keptAfterReadingTheFirst(BoundedMap.droppingLeastRecentlyUsed(2)));
    }

    /** Puts a and b in a map bounded to two, reads a, puts c: the keys kept, in order. */
    private static List<String> keptAfterReadingTheFirst(Map<String, Integer> m) {
        m.put("a", 1);
        m.put("b", 2);
        m.get("a");
        m.put("c", 3);
        return List.copyOf(m.keySet());
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BoundedMap.droppingOldest(0));
    }
}
