package org.siphint.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.siphint.transaction.TimerQueue.Timer;

class TimerQueueTest {

    private static Timer timer(long due, long seq) {
        return new Timer(due, seq, () -> { }, () -> true);
    }

    @Test
    void timersOfSeveralSpansComeOutInDueOrder() {
        TimerQueue queue = new TimerQueue();
        long seq = 0;
        // a request every 100 ms: its 32 s timeout; every third ends, and lingers 64 s
        for (long t = 0; t < 10_000; t += 100) {
            queue.add(timer(t + 32_000, seq++));
            if (t % 300 == 0) {
                queue.add(timer(t + 64_000, seq++));
            }
        }
        assertEquals(seq, queue.size());
        assertInOrder(queue, seq);
    }

    @Test
    void anyOrderComesOutSortedLikeAHeap() {
        Random random = new Random(7);
        TimerQueue queue = new TimerQueue();
        PriorityQueue<Timer> heap = new PriorityQueue<>();
        long seq = 0;
        for (int i = 0; i < 20_000; i++) {
            // mostly forward with jitter (logs merged out of order), many spans, equal dues
            long due = i * 10L + random.nextInt(5_000) / 100 * 100 + (random.nextInt(20) == 0 ? -30_000 : 0);
            Timer t = timer(due, seq++);
            queue.add(t);
            heap.add(t);
            if (random.nextInt(3) == 0) {
                assertEquals(heap.poll(), queue.poll());
            }
        }
        assertEquals(heap.size(), queue.size());
        while (!heap.isEmpty()) {
            assertEquals(heap.peek(), queue.peek());
            assertEquals(heap.poll(), queue.poll());
        }
        assertTrue(queue.isEmpty());
        assertNull(queue.poll());
        assertNull(queue.peek());
    }

    @Test
    void removingKeepsTheOthersInOrder() {
        TimerQueue queue = new TimerQueue();
        for (long i = 0; i < 1_000; i++) {
            queue.add(timer((i % 7) * 1_000 + i, i));
        }
        queue.removeIf(t -> t.seq() % 2 == 0);
        assertEquals(500, queue.size());
        List<Timer> out = new ArrayList<>();
        for (Timer t = queue.poll(); t != null; t = queue.poll()) {
            assertTrue(t.seq() % 2 == 1);
            out.add(t);
        }
        assertEquals(500, out.size());
        for (int i = 1; i < out.size(); i++) {
            assertTrue(out.get(i - 1).compareTo(out.get(i)) < 0);
        }
        assertEquals(0, queue.size());
    }

    private static void assertInOrder(TimerQueue queue, long count) {
        Timer previous = null;
        for (long i = 0; i < count; i++) {
            Timer t = queue.poll();
            if (previous != null) {
                assertTrue(previous.compareTo(t) < 0, previous + " before " + t);
            }
            previous = t;
        }
        assertTrue(queue.isEmpty());
    }
}
