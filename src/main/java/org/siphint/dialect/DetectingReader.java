package org.siphint.dialect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.siphint.event.LogEvent;

/**
 * Holds back a file's first lines until they identify its dialect, then replays them into that
 * dialect's reader and passes every later line straight through.
 *
 * <p>A file whose head no dialect recognises keeps only its most recent lines, so a file that
 * starts with junk and turns into a log later is still read, and memory stays bounded.
 */
final class DetectingReader implements DialectReader {

    private final LogContext context;
    private final Deque<String> held = new ArrayDeque<>();
    private long heldFrom = 1;
    private int sinceCheck;
    private DialectReader chosen;
    /** Volatile: read by other threads through {@link #dialectId()}. */
    private volatile Dialect dialect;

    DetectingReader(LogContext context) {
        this.context = context;
    }

    /** The detected dialect, or null while still undecided. */
    Dialect dialect() {
        return dialect;
    }

    @Override
    public void line(String line, long number, Consumer<LogEvent> out) {
        if (chosen != null) {
            chosen.line(line, number, out);
            return;
        }
        if (held.isEmpty()) {
            heldFrom = number;
        }
        held.addLast(line);
        if (held.size() > Dialects.DETECTION_LINES) {
            held.removeFirst();
            heldFrom++;
        }
        // scoring is cheap but not free: score a line as it comes, retry the whole window rarely
        if (++sinceCheck >= 16 || scoresStrongly(line)) {
            sinceCheck = 0;
            tryDetect(out);
        }
    }

    @Override
    public void flush(Consumer<LogEvent> out) {
        if (chosen == null) {
            tryDetect(out);
        }
        if (chosen != null) {
            chosen.flush(out);
        }
    }

    @Override
    public String dialectId() {
        Dialect d = dialect;
        return d == null ? null : d.id();
    }

    @Override
    public long firstHeldLine() {
        if (chosen != null) {
            return chosen.firstHeldLine();
        }
        return held.isEmpty() ? 0 : heldFrom;
    }

    private boolean scoresStrongly(String line) {
        for (Dialect d : Dialects.all()) {
            if (d.score(line) >= 8) {
                return true;
            }
        }
        return false;
    }

    private void tryDetect(Consumer<LogEvent> out) {
        List<String> lines = new ArrayList<>(held);
        Optional<Dialect> detected = Dialects.detect(lines);
        if (detected.isEmpty()) {
            return;
        }
        dialect = detected.get();
        chosen = dialect.open(context.withDefaultRole(dialect.defaultRole()));
        long number = heldFrom;
        held.clear();
        for (String l : lines) {
            chosen.line(l, number++, out);
        }
    }
}
