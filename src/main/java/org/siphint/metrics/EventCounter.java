package org.siphint.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.siphint.event.LogEvent;

/**
 * A pipeline observer that counts the events read, by the dialect of the input each came from.
 * {@code dialectOf} names the dialect of an event's file (null while not yet known: those events
 * count as {@code unknown}); a known answer is remembered for at most {@link #MAX_FILES} files.
 * Runs on the pipeline's thread.
 */
public final class EventCounter implements Consumer<LogEvent> {

    static final int MAX_FILES = 1024;

    private final Metrics metrics;
    private final Function<String, String> dialectOf;
    private final Map<String, String> known = new HashMap<>();

    public EventCounter(Metrics metrics, Function<String, String> dialectOf) {
        this.metrics = metrics;
        this.dialectOf = dialectOf;
    }

    @Override
    public void accept(LogEvent event) {
        String file = event.getFile();
        String dialect = file == null ? null : known.get(file);
        if (dialect == null && file != null) {
            dialect = dialectOf.apply(file);
            if (dialect != null && known.size() < MAX_FILES) {
                known.put(file, dialect);
            }
        }
        metrics.eventsRead(dialect, 1);
    }
}
