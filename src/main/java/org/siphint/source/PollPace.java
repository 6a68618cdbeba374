package org.siphint.source;

import java.time.Duration;

/**
 * How long a tailer waits before it looks at its file again. A file that is being written is
 * looked at every {@code fast} period, which is what keeps pop-ups prompt. Most watched logs are
 * quiet most of the day, and looking at ten of them ten times a second is what an idle daemon
 * spent its CPU on; so once a file has been quiet for {@link #FAST_POLLS_WHEN_QUIET} looks the wait
 * doubles each look, up to {@code slow}, and drops back to {@code fast} as soon as anything was
 * read. A SIP exchange's lines mostly follow each other within that many fast looks, so only the
 * first line after a quiet spell waits for a slow look.
 *
 * <p>Looks fall on multiples of the current wait on the clock, so the files that share a polling
 * thread and a pace are looked at in one wake-up rather than one each.
 */
final class PollPace {

    /** Looks at the fast pace after the last activity before the wait starts to grow. */
    static final int FAST_POLLS_WHEN_QUIET = 10;

    private final long fastMillis;
    private final long slowMillis;
    private long currentMillis;
    private int quietPolls;

    PollPace(Duration fast, Duration slow) {
        this.fastMillis = Math.max(1, fast.toMillis());
        this.slowMillis = Math.max(fastMillis, slow.toMillis());
        this.currentMillis = fastMillis;
    }

    /**
     * The wait before the next look, to the next multiple of the pace on the clock: never longer
     * than the pace.
     *
     * @param active    whether this look read anything or left work for a look soon (a message to
     *                  flush, a rotated file still being drained)
     * @param nowMillis a monotonic clock in milliseconds
     */
    long next(boolean active, long nowMillis) {
        long period = next(active);
        return period - Math.floorMod(nowMillis, period);
    }

    /** The pace after this look. */
    long next(boolean active) {
        if (active) {
            quietPolls = 0;
            currentMillis = fastMillis;
        } else if (++quietPolls > FAST_POLLS_WHEN_QUIET) {
            currentMillis = Math.min(slowMillis, currentMillis * 2);
        }
        return currentMillis;
    }
}
