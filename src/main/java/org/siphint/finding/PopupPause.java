package org.siphint.finding;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * "Pause pop-ups for 1 hour": while paused, no finding pops up (every finding still reaches the
 * console, the JSON lines, the reports and the history). Set from the tray icon's thread, read on
 * the pipeline's.
 */
public final class PopupPause {

    private final Clock clock;
    private volatile Instant until;

    public PopupPause(Clock clock) {
        this.clock = clock;
    }

    public PopupPause() {
        this(Clock.systemUTC());
    }

    /** Pauses pop-ups for {@code duration} from now (a second pause moves the end, it does not add up). */
    public void pauseFor(Duration duration) {
        until = clock.instant().plus(duration);
    }

    public void resume() {
        until = null;
    }

    /** Whether pop-ups are paused now. */
    public boolean paused() {
        Instant u = until;
        return u != null && clock.instant().isBefore(u);
    }

    /** When the pause ends, while one is in force. */
    public Optional<Instant> pausedUntil() {
        Instant u = until;
        return u != null && clock.instant().isBefore(u) ? Optional.of(u) : Optional.empty();
    }
}
