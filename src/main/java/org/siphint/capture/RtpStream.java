package org.siphint.capture;

/**
 * The measures of one RTP stream (one direction of one flow), as a receiver at the capture point
 * would take them: packets, loss from sequence numbers (RFC 3550 appendix A.1, with the cycles of
 * the 16-bit counter and restarts after large jumps), interarrival jitter (RFC 3550 appendix A.8,
 * in timestamp units of the codec's clock) and the longest gap between two packets.
 */
final class RtpStream {

    /** A jump in sequence numbers this large is a new sequence (a restarted sender), not loss. */
    private static final int MAX_DROPOUT = 3000;
    /** How many recent sequence numbers are remembered to tell a duplicate from a late packet. */
    private static final int WINDOW = 1024;
    private final long[] seen = new long[WINDOW / 64];

    long packets;
    long bytes;
    long firstNanos;
    long lastNanos;
    long longestGapNanos;
    int payloadType = -1;
    long ssrc = -1;
    int ssrcChanges;
    /** Copies of packets already counted (by sequence number, within the last {@link #WINDOW}). */
    long duplicates;
    /** Consecutive packets (sequence +1) seen, for telling RTP from other UDP when no SDP announced it. */
    long inOrder;

    private boolean started;
    private long base;
    private long max; // extended highest sequence number
    private long expectedBefore; // expected packets of earlier sequences (restarts)
    private double transit = Double.NaN;
    private double jitter; // timestamp units
    private int clock = 8000;

    void clock(int rate) {
        if (rate > 0) {
            clock = rate;
        }
    }

    int clockRate() {
        return clock;
    }

    /** Takes one RTP packet: sequence number, timestamp, SSRC, payload type, arrival time. */
    void packet(int seq, long timestamp, long ssrcNow, int pt, long nanos, int length, boolean measureJitter) {
        packets++;
        bytes += length;
        if (!started) {
            started = true;
            base = seq;
            max = seq;
            firstNanos = nanos;
            ssrc = ssrcNow;
            mark(seq);
        } else {
            long gap = nanos - lastNanos;
            if (gap > longestGapNanos) {
                longestGapNanos = gap;
            }
            if (ssrcNow != ssrc) {
                ssrcChanges++;
                ssrc = ssrcNow;
                restart(seq);
                transit = Double.NaN;
            } else {
                int delta = (short) (seq - (int) (max & 0xffff));
                if (delta == 1) {
                    inOrder++;
                }
                if (delta > 0 && delta < MAX_DROPOUT) {
                    for (int k = 1; k < delta && k < WINDOW; k++) {
                        unmark((int) (max + k));
                    }
                    max += delta;
                    mark(seq);
                } else if (delta <= 0 && delta > -WINDOW) {
                    if (marked(seq)) {
                        duplicates++; // the same packet again: not received twice
                    } else {
                        mark(seq); // late: received, the highest stays
                    }
                } else if (delta <= 0 && delta > -MAX_DROPOUT) {
                    // very late: counted as received
                } else {
                    restart(seq);
                }
            }
        }
        lastNanos = nanos;
        payloadType = pt;
        if (measureJitter) {
            double arrival = nanos / 1e9 * clock;
            double t = arrival - (timestamp & 0xffffffffL);
            if (!Double.isNaN(transit)) {
                double d = Math.abs(t - transit);
                if (d < clock * 10.0) { // a timestamp jump (new talk spurt of a restarted clock) is no jitter
                    jitter += (d - jitter) / 16;
                }
            }
            transit = t;
        }
    }

    private void restart(int seq) {
        expectedBefore += max - base + 1;
        base = seq;
        max = seq;
        java.util.Arrays.fill(seen, 0);
        mark(seq);
    }

    private void mark(int seq) {
        int i = seq & (WINDOW - 1);
        seen[i >> 6] |= 1L << (i & 63);
    }

    private void unmark(int seq) {
        int i = seq & (WINDOW - 1);
        seen[i >> 6] &= ~(1L << (i & 63));
    }

    private boolean marked(int seq) {
        int i = seq & (WINDOW - 1);
        return (seen[i >> 6] & (1L << (i & 63))) != 0;
    }

    long expected() {
        return started ? expectedBefore + max - base + 1 : 0;
    }

    /** Packets lost: expected less received (duplicates not counted), never below zero. */
    long lost() {
        return Math.max(0, expected() - (packets - duplicates));
    }

    double jitterMs() {
        return jitter / clock * 1000;
    }

    double longestGapMs() {
        return longestGapNanos / 1e6;
    }

    /** Whether this looks like RTP at all: mostly consecutive sequence numbers from one source. */
    boolean looksLikeRtp() {
        return packets >= 50 && inOrder >= packets * 0.9 && ssrcChanges <= 2;
    }
}
