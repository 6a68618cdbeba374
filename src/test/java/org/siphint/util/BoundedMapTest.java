package org.siphint.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BoundedMapTest {

    @Test
    void theOldestGoesFirstHoweverOftenItIsRead() {
        Map<String, Integer> m = BoundedMap.droppingOldest(2);
        m.put("a", 1);
        m.put("b", 2);
        m.get("a");
        m.put("c", 3);
        assertEquals(List.of("b", "c"), List.copyOf(m.keySet()));
    }

    @Test
    void theLeastRecentlyUsedGoesFirst() {
        Map<String, Integer> m = BoundedMap.droppingLeastRecentlyUsed(2);
        m.put("a", 1);
        m.put("b", 2);
        m.get("a");
        m.put("c", 3);
        assertEquals(List.of("a", "c"), List.copyOf(m.keySet()));
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BoundedMap.droppingOldest(0));
    }
}
