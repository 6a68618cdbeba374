package org.siphint.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;

import org.siphint.capture.CaptureEvents;
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

    /**
     * Files at least this large are split into lines on a thread of their own ({@link LinesAhead});
     * off unless {@code -Dsiphint.readAhead.bytes=N} is given. Measured on a quiet 2-core machine
     * (ReadThroughput, 268 MB Asterisk log): 207 to 251 MB/s at 4.1 to 5.0 s of CPU per GB in line,
     * 246 to 255 MB/s at 5.0 to 5.3 s/GB with the lines read ahead. Handing lines between cores cost
     * about what it saved the reading thread, and a replay's rule engine needs the second core.
     */
    static final long READ_AHEAD_BYTES = Long.getLong("siphint.readAhead.bytes", Long.MAX_VALUE);

    private final BoundedLineReader lines;
    private final LinesAhead ahead;
    private final CountingInputStream counted;
    private final long size;
    private final DialectReader reader;
    /** A pcap or pcapng file is read by packets, not lines: then the fields above are null. */
    private final CaptureEvents capture;
    private final Deque<LogEvent> ready = new ArrayDeque<>();
    private long lineNumber;
    private boolean ended;

    private FileEvents(CountingInputStream counted, long size, DialectReader reader, String name, boolean readAhead) {
        this.counted = counted;
        this.size = size;
        this.lines = new BoundedLineReader(counted);
        this.ahead = readAhead ? new LinesAhead(lines, name) : null;
        this.reader = reader;
        this.capture = null;
    }

    private FileEvents(CaptureEvents capture) {
        this.counted = null;
        this.size = capture.size();
        this.lines = null;
        this.ahead = null;
        this.reader = null;
        this.capture = capture;
    }

    /** Opens a file; fails with a message that names it when it cannot be read. */
    public static FileEvents open(LogSource source, ZoneId zone) throws IOException {
        return open(source, zone, READ_AHEAD_BYTES);
    }

    /** Opens a file; its lines are read on a thread of their own when it has at least {@code readAheadBytes}. */
    static FileEvents open(LogSource source, ZoneId zone, long readAheadBytes) throws IOException {
        if (!Files.exists(source.path())) {
            throw new IOException(source.displayName() + ": no such file");
        }
        if (Files.isDirectory(source.path())) {
            throw new IOException(source.displayName() + ": is a folder, not a log file");
        }
        if (!Files.isReadable(source.path())) {
            throw new IOException(source.displayName() + ": permission denied");
        }
        // a pipe (zcat x.log.gz | siphint replay /dev/stdin, a named pipe) can be read once only: no look
        // at its head for a capture's magic number, no pass ahead for its dates; a time-only log read
        // from a pipe is dated today
        boolean regular = Files.isRegularFile(source.path());
        if (regular && (source.dialect() == null || source.dialect().equalsIgnoreCase("auto"))
                && CaptureEvents.isCapture(source.path())) {
            return new FileEvents(CaptureEvents.open(source.path(), source.displayName(), source.role()));
        }
        LocalDate date = regular ? LogDates.firstDate(source.path(), zone, 0) : LocalDate.now(zone);
        // a log that writes no time at all was written up to its last modification; a pipe is being written now
        InstantSource undated = regular ? InstantSource.fixed(Files.getLastModifiedTime(source.path()).toInstant())
                : InstantSource.system();
        LogContext context = new LogContext(source.displayName(), source.role(), date, zone, undated);
        InputStream in = Files.newInputStream(source.path());
        CountingInputStream counted = new CountingInputStream(in);
        long size = Files.size(source.path());
        return new FileEvents(counted, size, readerFor(source, context), source.displayName(), size >= readAheadBytes);
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
        if (capture != null) {
            return capture.next();
        }
        while (ready.isEmpty() && !ended) {
            String line = ahead != null ? ahead.readLine() : lines.readLine();
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
        return capture != null ? capture.packets() : lineNumber;
    }

    /** Bytes read so far (ahead of the events by at most a few buffers of lines): for a progress bar. */
    public long bytesRead() {
        return capture != null ? capture.bytesRead() : counted.count();
    }

    /** The file's size when it was opened. */
    public long size() {
        return size;
    }

    @Override
    public void close() throws IOException {
        if (capture != null) {
            capture.close();
        } else if (ahead != null) {
            ahead.close();
        } else {
            lines.close();
        }
    }
}
