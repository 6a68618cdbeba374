package org.siphint.event;

import java.time.Instant;

/**
 * Something a dialect read from a log. Event time is log time, so a replay of a file gives the
 * same correlations as watching it live.
 */
public abstract class LogEvent {

    private final Instant time;
    private final Origin origin;

    protected LogEvent(Instant time, Origin origin) {
        this.time = time;
        this.origin = origin;
    }

    public Instant getTime() {
        return time;
    }

    /** Event time in epoch milliseconds, for the rule engine's clock. */
    public long getTimestamp() {
        return time.toEpochMilli();
    }

    public Origin getOrigin() {
        return origin;
    }

    public Role getRole() {
        return origin.role();
    }

    /** The Call-ID this event belongs to, or null. */
    public abstract String getCallId();

    /** One line that stands for this event in evidence (already redacted). */
    public abstract String getEvidenceText();
}
