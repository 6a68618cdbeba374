package org.siphint.transaction;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The transaction layer's timers in the order they fall due.
 *
 * <p>The layer sets nearly every timer a fixed span after a log time that only moves forward (32 s
 * after a request, 64 s after a transaction ended, 11 minutes after a hang-up), so the timers of
 * one span come in due order. Each such run is kept as a first-in first-out lane: adding and taking
 * cost a few comparisons with the lanes' ends, where a heap costs a walk of log2(n) levels through
 * memory that is seldom in the cache (its sift and compare were 8 % of the rules thread's samples
 * in the 1 GB replay). A timer that fits behind no lane's last one (logs merged slightly out of time
 * order, more spans than lanes) goes to a heap, so the order is kept whatever comes.
 */
final class TimerQueue {

    /** Enough for every span the layer uses, with room for logs merged out of order. */
    static final int LANES = 8;

    /** A timer; one whose {@code pending} says no is dropped unrun (its unit ended before it fell due). */
    record Timer(long due, long seq, Runnable action, BooleanSupplier pending) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }
    }

    @SuppressWarnings("unchecked")
    private final ArrayDeque<Timer>[] lanes = new ArrayDeque[LANES];
    private int laneCount;
    private final PriorityQueue<Timer> overflow = new PriorityQueue<>();
    private int size;

    void add(Timer timer) {
        int best = -1;
        int empty = -1;
        for (int i = 0; i < laneCount; i++) {
            Timer last = lanes[i].peekLast();
            if (last == null) {
                empty = empty < 0 ? i : empty;
            } else if (last.compareTo(timer) <= 0 && (best < 0 || last.compareTo(lanes[best].peekLast()) > 0)) {
                best = i; // the lane whose last timer is nearest before this one keeps lanes apart by span
            }
        }
        if (best < 0 && empty >= 0) {
            best = empty;
        }
        if (best < 0 && laneCount < LANES) {
            best = laneCount;
            lanes[laneCount++] = new ArrayDeque<>();
        }
        if (best < 0) {
            overflow.add(timer);
        } else {
            lanes[best].addLast(timer);
        }
        size++;
    }

    /** The earliest timer, or null. */
    Timer peek() {
        int lane = earliestLane();
        return lane >= 0 ? lanes[lane].peekFirst() : overflow.peek();
    }

    /** Takes the earliest timer, or null. */
    Timer poll() {
        int lane = earliestLane();
        Timer t = lane >= 0 ? lanes[lane].pollFirst() : overflow.poll();
        if (t != null) {
            size--;
        }
        return t;
    }

    /** The lane whose first timer is the earliest of all, or -1 when the heap's is (or nothing is set). */
    private int earliestLane() {
        int best = -1;
        Timer earliest = overflow.peek();
        for (int i = 0; i < laneCount; i++) {
            Timer first = lanes[i].peekFirst();
            if (first != null && (earliest == null || first.compareTo(earliest) < 0)) {
                earliest = first;
                best = i;
            }
        }
        return best;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Drops every timer {@code drop} accepts; the others keep their order. */
    void removeIf(Predicate<Timer> drop) {
        int left = 0;
        for (int i = 0; i < laneCount; i++) {
            lanes[i].removeIf(drop);
            left += lanes[i].size();
        }
        overflow.removeIf(drop);
        size = left + overflow.size();
    }
}
