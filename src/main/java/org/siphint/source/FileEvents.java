package org.siphint.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;

import org.siphint.dialect.Dialect;
import org.siphint.dialect.DialectReader;
import org.siphint.dialect.Dialects;
import org.siphint.dialect.LogContext;
import org.siphint.event.LogEvent;

/**
 * The events of one whole log file, pulled one at a time, so several files can be merged into one
 * timeline without holding any of them in memory.
 */
public final class FileEvents implements Closeable {

    private final BoundedLineReader lines;
    private final CountingInputStream counted;
    private final long size;
    private final DialectReader reader;
    private final Deque<LogEvent> ready = new ArrayDeque<>();
    private long lineNumber;
    private boolean ended;

    private FileEvents(CountingInputStream counted, long size, DialectReader reader) {
        this.counted = counted;
        this.size = size;
        this.lines = new BoundedLineReader(counted);
        this.reader = reader;
    }

    /** Opens a file; fails with a message that names it when it cannot be read. */
    public static FileEvents open(LogSource source, ZoneId zone) throws IOException {
        if (!Files.exists(source.path())) {
            throw new IOException(source.displayName() + ": no such file");
        }
        if (Files.isDirectory(source.path())) {
            throw new IOException(source.displayName() + ": is a folder, not a log file");
        }
        if (!Files.isReadable(source.path())) {
            throw new IOException(source.displayName() + ": permission denied");
        }
        LocalDate date = LogDates.firstDate(source.path(), zone, 0);
        LogContext context = new LogContext(source.displayName(), source.role(), date, zone);
        InputStream in = Files.newInputStream(source.path());
        CountingInputStream counted = new CountingInputStream(in);
        return new FileEvents(counted, Files.size(source.path()), readerFor(source, context));
    }

    /** A reader for a file: the forced dialect, or detection from its first lines. */
    public static DialectReader readerFor(LogSource source, LogContext context) {
        if (source.dialect() == null || source.dialect().equalsIgnoreCase("auto")) {
            return Dialects.detecting(context);
        }
        Dialect dialect = Dialects.byId(source.dialect()).orElseThrow(() -> new IllegalArgumentException(
                "unknown dialect '" + source.dialect() + "' (known: " + Dialects.ids() + ")"));
        return dialect.open(context.withDefaultRole(dialect.defaultRole()));
    }

    /** The next event, or null when the file has no more. */
    public LogEvent next() throws IOException {
        while (ready.isEmpty() && !ended) {
            String line = lines.readLine();
            if (line == null) {
                ended = true;
                reader.flush(ready::add);
            } else {
                reader.line(line, ++lineNumber, ready::add);
            }
        }
        return ready.poll();
    }

    public long linesRead() {
        return lineNumber;
    }

    /** Bytes read so far (ahead of the events by at most one buffer): for a progress bar. */
    public long bytesRead() {
        return counted.count();
    }

    /** The file's size when it was opened. */
    public long size() {
        return size;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
