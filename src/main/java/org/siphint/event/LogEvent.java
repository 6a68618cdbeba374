package org.siphint.event;

import java.time.Instant;

/**
 * Something a dialect read from a log. Event time is log time, so a replay of a file gives the
 * same correlations as watching it live.
 */
public abstract class LogEvent {

    private Instant time;
    private final Origin origin;
    private long clockTime;

    protected LogEvent(Instant time, Origin origin) {
        this(time, time.toEpochMilli(), origin);
    }

    /**
     * An event filed under an engine time of its own: a unit built from messages (a transaction, a
     * call) takes the engine time of the message that made it, which the live daemon may have re-timed.
     */
    protected LogEvent(Instant time, long clockTime, Origin origin) {
        this.time = time;
        this.origin = origin;
        this.clockTime = clockTime;
    }

    /**
     * Sets the time of a unit that is a fact only once it is over (a transaction ends at its final
     * response): called before the unit reaches the rule engine, never after.
     */
    protected void settle(Instant time, long clockTime) {
        this.time = time;
        this.clockTime = clockTime;
    }

    public Instant getTime() {
        return time;
    }

    /**
     * The time the rule engine files this event under, in epoch milliseconds: its log time, unless
     * the live daemon re-timed it with {@link #retime(long)}.
     */
    public long getTimestamp() {
        return clockTime;
    }

    /**
     * Files the event under another engine time (its log time stays what the log said). The live
     * daemon uses the arrival time for lines whose log time is far from the wall clock: a backlog,
     * a log in another time zone, or the demo's old samples. Call it before the event is inserted.
     */
    public void retime(long epochMillis) {
        this.clockTime = epochMillis;
    }

    public Origin getOrigin() {
        return origin;
    }

    /** The file the event was read from: a flat getter, so rules join on {@code file == $file} cheaply. */
    public String getFile() {
        return origin.file();
    }

    /** The line the event was read from: a flat getter, so rules can order events of one file. */
    public long getLine() {
        return origin.line();
    }

    public Role getRole() {
        return origin.role();
    }

    /** The Call-ID this event belongs to, or null. */
    public abstract String getCallId();

    /**
     * For a B2BUA's leg that its log linked to the call it was placed for (a PBX's INVITE to a
     * trunk for a phone's INVITE), that call's Call-ID; null for everything else.
     */
    public String getLegOf() {
        return null;
    }

    /** One line that stands for this event in evidence (already redacted). */
    public abstract String getEvidenceText();
}
