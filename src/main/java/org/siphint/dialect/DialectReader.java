package org.siphint.dialect;

import java.util.function.Consumer;

import org.siphint.event.LogEvent;

/**
 * The stateful part of a dialect for one file: takes lines in order and emits events as soon as
 * they are complete. Not thread-safe: one reader per file, fed from one thread.
 */
public interface DialectReader {

    /**
     * Takes the next line of the file.
     *
     * @param line   the line without its line end (a trailing CR already removed)
     * @param number the 1-based line number in the file
     * @param out    where complete events go
     */
    void line(String line, long number, Consumer<LogEvent> out);

    /**
     * The input ended or went quiet: emit what is pending (a message whose end marker never came).
     * Reading may go on afterwards.
     */
    void flush(Consumer<LogEvent> out);

    /** {@link #firstHeldLine()} when the reader does not say what it holds. */
    long HELD_UNKNOWN = -1;

    /**
     * The number of the first line this reader still holds without having emitted its events (the
     * header of a message whose end has not come), or 0 when it holds nothing. A restart resumes
     * the file at that line, so a message cut in two by a stop is read whole the next time. A
     * reader that does not override this answers {@link #HELD_UNKNOWN}: its file's resume point
     * then moves only when the reader is flushed.
     */
    default long firstHeldLine() {
        return HELD_UNKNOWN;
    }

    /** The id of the dialect this reader reads, once known (a detecting reader knows it after detection); else null. */
    default String dialectId() {
        return null;
    }
}
