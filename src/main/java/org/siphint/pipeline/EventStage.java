package org.siphint.pipeline;

import org.siphint.event.LogEvent;

/**
 * What the live loop ({@link Watcher}) feeds: the rules on this machine ({@link Pipeline}), or an
 * agent that hands the facts to a fleet. Called from one thread.
 */
public interface EventStage {

    /** Takes the next event in arrival order. */
    void accept(LogEvent event);

    /** Moves the clock forward while the logs are quiet, so that timers and absence windows close. */
    void advanceTo(long epochMillis);

    /** The stage's clock, epoch millis. */
    long now();

    /** When the clock must next move for something to happen without an event; {@code Long.MAX_VALUE} for never. */
    long nextDue();

    /**
     * Runs {@code action} (recording a file's resume point) once everything accepted before it is
     * safe: gone through the rules here, at once; acknowledged by the broker for an agent.
     */
    default void whenSafe(Runnable action) {
        action.run();
    }
}
