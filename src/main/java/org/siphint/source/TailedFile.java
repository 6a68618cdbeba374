package org.siphint.source;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

import org.apache.commons.io.input.Tailer;
import org.apache.commons.io.input.TailerListenerAdapter;
import org.siphint.dialect.DialectReader;
import org.siphint.dialect.LogContext;
import org.siphint.event.LogEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one growing log file with Commons IO's {@link Tailer} and turns its lines into events on
 * the tailer's thread. A message whose format has no end marker (Asterisk's) is emitted once the
 * file has been quiet for {@link #IDLE_FLUSH} ({@link #flushIfIdle()}), so the last message of a
 * burst is not held back until the next line.
 */
public final class TailedFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TailedFile.class);

    /** Polling interval: measured median append-to-callback latency is about half of it. */
    public static final Duration DELAY = Duration.ofMillis(100);
    public static final Duration IDLE_FLUSH = Duration.ofMillis(250);

    private final Tailer tailer;
    private final Listener listener;

    private TailedFile(Tailer tailer, Listener listener) {
        this.tailer = tailer;
        this.listener = listener;
    }

    /**
     * Starts following a file on the given executor.
     *
     * @param fromStart read what the file already holds (else only what is appended from now on)
     * @param out       receives events on the tailer's thread
     */
    public static TailedFile start(LogSource source, ZoneId zone, boolean fromStart, ExecutorService executor,
                                   Consumer<LogEvent> out) {
        LogContext context = new LogContext(source.displayName(), source.role(), LocalDate.now(zone), zone);
        DialectReader reader = FileEvents.readerFor(source, context);
        Listener listener = new Listener(source, reader, out);
        Tailer tailer = Tailer.builder()
                .setFile(source.path().toFile())
                .setCharset(StandardCharsets.UTF_8)
                .setTailerListener(listener)
                .setDelayDuration(DELAY)
                .setTailFromEnd(!fromStart)
                .setReOpen(false)
                .setIgnoreTouch(true)
                .setExecutorService(executor)
                .get();
        return new TailedFile(tailer, listener);
    }

    /**
     * Emits a message still held by the dialect once the file has been quiet for {@link #IDLE_FLUSH}.
     * The Tailer reports the end of the file only right after reading, never while a file stays
     * quiet, so the daemon's loop calls this on its idle ticks.
     */
    public void flushIfIdle() {
        listener.flushIfIdle();
    }

    @Override
    public void close() {
        tailer.close();
    }

    private static final class Listener extends TailerListenerAdapter {
        private final LogSource source;
        private final DialectReader reader;
        private final Consumer<LogEvent> out;
        private long lineNumber;
        private long lastLineNanos = System.nanoTime();
        private boolean pending;
        private boolean reportedMissing;

        Listener(LogSource source, DialectReader reader, Consumer<LogEvent> out) {
            this.source = source;
            this.reader = reader;
            this.out = out;
        }

        @Override
        public synchronized void handle(String line) {
            reportedMissing = false;
            String bounded = line.length() > BoundedLineReader.DEFAULT_MAX_LENGTH
                    ? line.substring(0, BoundedLineReader.DEFAULT_MAX_LENGTH) : line;
            if (!bounded.isEmpty() && bounded.charAt(bounded.length() - 1) == '\r') {
                bounded = bounded.substring(0, bounded.length() - 1);
            }
            reader.line(bounded, ++lineNumber, out);
            lastLineNanos = System.nanoTime();
            pending = true;
        }

        synchronized void flushIfIdle() {
            if (pending && System.nanoTime() - lastLineNanos >= IDLE_FLUSH.toNanos()) {
                reader.flush(out);
                pending = false;
            }
        }

        @Override
        public synchronized void fileRotated() {
            reader.flush(out);
            lineNumber = 0;
            LOG.info("{}: rotated or truncated, reading the new file from its start", source.displayName());
        }

        @Override
        public void fileNotFound() {
            if (!reportedMissing) {
                reportedMissing = true;
                LOG.warn("{}: not found (yet); watching for it", source.displayName());
            }
        }

        @Override
        public void handle(Exception e) {
            if (e instanceof InterruptedException) {
                return; // the daemon is stopping
            }
            LOG.warn("{}: {}", source.displayName(), e.getMessage());
        }
    }
}
