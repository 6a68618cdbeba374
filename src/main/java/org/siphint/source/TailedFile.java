package org.siphint.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.siphint.dialect.DialectReader;
import org.siphint.dialect.LogContext;
import org.siphint.event.LogEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one log file through rotation and turns its lines into events, polling it on a scheduler
 * that it may share with the other watched files.
 *
 * <p>This is a small poller of its own rather than Commons IO's {@code Tailer}: the Tailer notices
 * rotation only when the file shrinks, and then reopens the name. Measured, it missed a whole new
 * file after rename-and-create by a fast writer, lost the lines copytruncate moved away, and lost
 * what the writer still wrote to the renamed file. Losing nothing needs what the Tailer does not
 * do: compare the file's identity ({@link FileIdentity}) on every poll, keep the old handle open and
 * read it to its end before switching to the new file (and keep reading it a while, for a writer
 * that has not reopened yet), find the copy that copytruncate made of the unread tail, and resume
 * at a byte offset after a restart.
 *
 * <p>What it survives: rename-and-create (the old file is drained, then the new one is read from
 * its start), delete-and-recreate (the same: the open handle still reads the deleted file),
 * copytruncate and a file that shrinks or starts over (the unread tail is read from the rotated
 * copy beside it, when there is one, then the file from its start), a file that appears late or
 * is missing for a while (read from its start), and a file that cannot be read yet (reported
 * once, opened as soon as it can be). A copytruncate whose new content has the same first
 * kilobyte as the old cannot be told from growth; log lines start with a time, so it does not
 * happen in practice.
 *
 * <p>Files are opened with NIO, which on Windows shares the file for delete and rename, so the
 * writer can still rotate it. Lines are split on bytes: a line longer than {@link #MAX_LINE_BYTES}
 * costs that much memory and no more, invalid UTF-8 becomes U+FFFD, and each line's byte offset
 * is known, so {@link Output#checkpoint} can tell the offsets registry where a restart resumes:
 * after the last line whose events are all out, never inside a message a dialect still holds.
 */
public final class TailedFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TailedFile.class);

    /** Polling interval while a file is written: append-to-event latency is about half of it. */
    public static final Duration DELAY = Duration.ofMillis(100);
    /**
     * Longest polling interval, reached after a file has been quiet a while ({@link PollPace}): it is
     * how late the first line after a quiet spell may be noticed, and what an idle daemon costs.
     */
    public static final Duration QUIET_DELAY = Duration.ofMillis(500);
    /** A message without an end marker (Asterisk's) is emitted once its file is quiet this long. */
    public static final Duration IDLE_FLUSH = Duration.ofMillis(250);
    /** A rotated file is read until its writer has left it alone this long. */
    static final Duration RETIRE_IDLE = Duration.ofSeconds(5);
    /** Rotated files kept open at most: a writer rotating faster than this is drained and let go. */
    static final int MAX_RETIRING = 4;
    /** Bytes of one line kept; the rest of a longer line is skipped (its offset still counted). */
    public static final int MAX_LINE_BYTES = 4 * BoundedLineReader.DEFAULT_MAX_LENGTH;
    /** Bytes read per poll from a file, so a large backlog does not starve the idle flush or rotation checks. */
    static final int MAX_BYTES_PER_POLL = 8 * 1024 * 1024;
    /** Line start offsets remembered, to resume at the first line a dialect still holds. */
    private static final int LINE_RING = 8192;

    /** Where a tailed file's events and resume points go; called on the tailer's thread, in file order. */
    public interface Output {
        void event(LogEvent event);

        /** Everything before this point of that file has been handed to {@link #event}. */
        default void checkpoint(Checkpoint checkpoint) {
        }
    }

    /**
     * A resume point: all events of the file's bytes before {@code offset} are out.
     *
     * @param path       the file as the user named it
     * @param identity   which file it was (a rotated file keeps its identity under another name)
     * @param headDigest SHA-256 of the file's first {@code headLength} bytes, to tell a reused inode
     * @param headLength how many bytes the digest covers (up to {@link FileIdentity.Head#LENGTH})
     * @param offset     the byte offset to resume at
     * @param line       the number of the last line before {@code offset}
     */
    public record Checkpoint(String path, FileIdentity identity, String headDigest, int headLength, long offset,
                             long line) {
    }

    /** Opens a file for reading; tests replace it to make a file unreadable where root reads everything. */
    @FunctionalInterface
    public interface Opener {
        FileChannel open(Path path) throws IOException;

        Opener DEFAULT = path -> FileChannel.open(path, StandardOpenOption.READ);
    }

    /**
     * How a tailer is set up; the defaults are the daemon's.
     *
     * @param delay      polling interval while the file is written
     * @param quietDelay polling interval the tailer slows down to while the file is quiet
     * @param date       the date of the first line a log that writes only times of day is read with,
     *                   or null to guess it from the file ({@link LogDates})
     */
    public record Options(Duration delay, Duration quietDelay, OffsetRegistry registry, Opener opener,
                          boolean useFileKey, LocalDate date) {
        public static Options defaults() {
            return new Options(DELAY, QUIET_DELAY, null, Opener.DEFAULT, true, null);
        }

        /** Polls every {@code d} while the file is written and at most every {@code quiet} while it is not. */
        public Options withDelays(Duration d, Duration quiet) {
            return new Options(d, quiet, registry, opener, useFileKey, date);
        }

        public Options withRegistry(OffsetRegistry r) {
            return new Options(delay, quietDelay, r, opener, useFileKey, date);
        }

        public Options withOpener(Opener o) {
            return new Options(delay, quietDelay, registry, o, useFileKey, date);
        }

        /** Identify files by creation time and head only, as on a file system without file keys. */
        public Options withoutFileKeys() {
            return new Options(delay, quietDelay, registry, opener, false, date);
        }

        /** Logs that write only times of day start on this date (files whose lines are known to be of that day). */
        public Options withDate(LocalDate d) {
            return new Options(delay, quietDelay, registry, opener, useFileKey, d);
        }
    }

    private final LogSource source;
    private final ZoneId zone;
    private final Output out;
    private final Options options;
    private final boolean fromStart;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final PollPace pace;
    private final Deque<Segment> retiring = new ArrayDeque<>();
    private Segment current;
    private boolean firstOpen = true;
    private long sizeAtStart = -1;
    private FileIdentity identityAtStart;
    private String reported;
    private volatile boolean running = true;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> next;
    private long polls;
    /** Whether the current poll read anything or left something for a poll soon. */
    private boolean active;
    /** The newest segment's dialect reader, for {@link #dialect()} on other threads. */
    private volatile DialectReader latestReader;

    private TailedFile(LogSource source, ZoneId zone, boolean fromStart, Options options, Output out) {
        this.source = source;
        this.zone = zone;
        this.fromStart = fromStart;
        this.options = options;
        this.out = out;
        this.pace = new PollPace(options.delay(), options.quietDelay());
    }

    /**
     * Starts following a file on the given scheduler. Polls of one file never overlap; files that
     * share a scheduler with one thread are polled one after the other.
     *
     * @param fromStart read what the file already holds (else only what is appended from now on),
     *                  unless the registry knows where a previous run stopped
     * @param out       receives events and resume points on the scheduler's thread
     */
    public static TailedFile start(LogSource source, ZoneId zone, boolean fromStart, ScheduledExecutorService scheduler,
                                   Options options, Output out) {
        TailedFile file = new TailedFile(source, zone, fromStart, options, out);
        file.scheduler = scheduler;
        synchronized (file) {
            file.schedule(0);
        }
        return file;
    }

    /** Starts following a file with the daemon's defaults and no registry. */
    public static TailedFile start(LogSource source, ZoneId zone, boolean fromStart, ScheduledExecutorService scheduler,
                                   Consumer<LogEvent> out) {
        return start(source, zone, fromStart, scheduler, Options.defaults(), out::accept);
    }

    /**
     * The id of the file's log format: the one its source names, else the one detected from its
     * lines; null until detected. Safe from any thread.
     */
    public String dialect() {
        if (source.dialect() != null && !source.dialect().equalsIgnoreCase("auto")) {
            return source.dialect();
        }
        DialectReader reader = latestReader;
        return reader == null ? null : reader.dialectId();
    }

    /** The source this tailer follows. */
    public LogSource source() {
        return source;
    }

    /** A tailer that the caller polls itself (tests drive it step by step). */
    static TailedFile manual(LogSource source, ZoneId zone, boolean fromStart, Options options, Output out) {
        return new TailedFile(source, zone, fromStart, options, out);
    }

    /** One scheduled poll; it schedules the next, sooner while the file is written. */
    private synchronized void scheduledPoll() {
        if (!running) {
            return;
        }
        try {
            poll();
        } catch (RuntimeException | StackOverflowError e) {
            LOG.error("{}: polling failed: {}", source.displayName(), e.toString());
        }
        if (running) {
            schedule(pace.next(active, System.nanoTime() / 1_000_000));
        }
    }

    private void schedule(long delayMillis) {
        try {
            next = scheduler.schedule(this::scheduledPoll, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            running = false; // the scheduler was shut down: the daemon is stopping
            closeAll();
        }
    }

    /** How many polls ran; tests wait on it. */
    long polls() {
        return polls;
    }

    /** One look at the file: read what is new, follow a rotation, flush a quiet file's last message. */
    synchronized void poll() {
        polls++;
        active = false;
        try {
            pollRetiring();
            active |= !retiring.isEmpty(); // drained at the fast pace while its writer may still add to it
            if (current == null && !open()) {
                return;
            }
            if (!read(current, MAX_BYTES_PER_POLL)) {
                startedOver(current, true);
            }
            if (current != null) {
                followRotation();
            }
            if (current != null) {
                flushIfIdle(current);
                checkpoint(current);
                active |= current.pending; // the quiet-file flush is due within a fast poll or two
            }
        } catch (IOException e) {
            report("io:" + e, "{}: {}; reopening it", String.valueOf(e));
            if (current != null) {
                closeChannel(current);
                current = null;
            }
        } catch (RuntimeException e) {
            // a dialect bug must not end the tailing: that line is lost, the next ones are read
            LOG.error("{}: reading failed: {}", source.displayName(), e.toString());
        }
    }

    /** The path's file opens for the first time or again: where to start, and report why it cannot. */
    private boolean open() throws IOException {
        Path path = source.path();
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            firstOpen = false; // a file that appears later is new: read it from its start
            report("missing", "{}: not found (yet); watching for it", null);
            return false;
        }
        if (!attrs.isRegularFile()) {
            // a folder, a FIFO or a device: opening a FIFO would block the tailer until a writer came
            firstOpen = false; // the log file that takes the name later is new: read it from its start
            report("not-regular", "{}: not a regular file; waiting for a log file under that name", null);
            return false;
        }
        FileIdentity identity = FileIdentity.of(attrs, options.useFileKey());
        if (firstOpen && sizeAtStart < 0) {
            sizeAtStart = attrs.size();
            identityAtStart = identity;
        }
        FileChannel channel;
        try {
            channel = options.opener().open(path);
        } catch (AccessDeniedException e) {
            // what is written until it becomes readable is read then: it starts where the file ended now
            report("denied", "{}: permission denied; it will be read as soon as it can be", null);
            return false;
        }
        Segment segment = new Segment(channel, identity);
        long size = channel.size();
        segment.head.refresh(channel, size);
        boolean first = firstOpen;
        firstOpen = false;
        if (first) {
            segment.position = startPoint(segment, size);
        }
        segment.lineStart = segment.position;
        segment.safeOffset = segment.position;
        segment.startReading(attrs.lastModifiedTime());
        current = segment;
        if (reported != null) {
            LOG.info("{}: readable now, reading from byte {}", source.displayName(), segment.position);
        }
        reported = null;
        return true;
    }

    /** Where to read a file the daemon finds at its start: where the last run stopped, or the end. */
    private long startPoint(Segment segment, long size) throws IOException {
        OffsetRegistry registry = options.registry();
        if (registry != null) {
            Optional<OffsetRegistry.Entry> known = registry.get(segment.identity);
            if (known.isPresent() && known.get().offset() <= size
                    && known.get().head().equals(FileIdentity.Head.digestOf(segment.channel, known.get().headLength()))) {
                segment.lineNumber = known.get().line();
                return known.get().offset();
            }
            Optional<OffsetRegistry.Entry> before = registry.lastForPath(source.displayName());
            if (before.isPresent()) {
                // the file was rotated while the daemon was down: finish the old one, then all of this one
                resumeRotatedAway(before.get());
                return 0;
            }
        }
        if (fromStart) {
            return 0;
        }
        // a file that could not be read at first is read from where it ended then
        return identityAtStart != null && identityAtStart.equals(segment.identity) ? Math.min(sizeAtStart, size) : size;
    }

    private void resumeRotatedAway(OffsetRegistry.Entry entry) throws IOException {
        Optional<Path> old = RotatedCopies.find(source.path(), entry.offset(), channel ->
                entry.head().equals(FileIdentity.Head.digestOf(channel, entry.headLength())));
        if (old.isEmpty()) {
            LOG.warn("{}: rotated while siphint was stopped and the old file is gone; reading the new one from its start",
                    source.displayName());
            return;
        }
        FileChannel channel = options.opener().open(old.get());
        Segment segment = new Segment(channel, FileIdentity.of(old.get()));
        segment.position = entry.offset();
        segment.lineStart = entry.offset();
        segment.safeOffset = entry.offset();
        segment.lineNumber = entry.line();
        segment.head.refresh(channel, channel.size());
        segment.startReading(Files.getLastModifiedTime(old.get()));
        retiring.addLast(segment);
        LOG.info("{}: rotated while siphint was stopped; finishing {} first", source.displayName(), old.get());
    }

    /** Reads the rotated files still open; lets go of those whose writer has left them. */
    private void pollRetiring() throws IOException {
        long now = System.nanoTime();
        while (!retiring.isEmpty()) {
            Segment s = retiring.peekFirst();
            try {
                read(s, Long.MAX_VALUE);
            } catch (IOException e) {
                s.lastGrowth = 0; // unreadable: let it go now
            }
            boolean crowded = retiring.size() > MAX_RETIRING;
            if (!crowded && now - s.lastGrowth < RETIRE_IDLE.toNanos()) {
                break;
            }
            retiring.removeFirst();
            finish(s);
            closeChannel(s);
        }
        for (java.util.Iterator<Segment> it = retiring.iterator(); it.hasNext();) {
            Segment s = it.next();
            try {
                read(s, Long.MAX_VALUE);
                flushIfIdle(s);
                checkpoint(s);
            } catch (IOException e) {
                // a rotated file that fails is let go; it must not keep the current one from being read
                LOG.warn("{}: the rotated file cannot be read any more ({}); letting it go", source.displayName(),
                        e.getMessage());
                it.remove();
                finish(s);
                closeChannel(s);
            }
        }
    }

    /** Compares what the name points at now with the file being read, and switches when they differ. */
    private void followRotation() throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(source.path(), BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return; // deleted or renamed, nothing new yet: the open handle still reads what its writer adds
        }
        if (!attrs.isRegularFile()) {
            return;
        }
        Segment s = current;
        long size = attrs.size();
        // No shortcut on size and modification time: a copytruncate and a rewrite to the same size
        // can happen within one tick of the file system's clock. Comparing the head (one read of at
        // most a kilobyte per poll) is what tells.
        // Without file keys (Windows) a file is the one whose content starts with the same head.
        boolean sameFile = options.useFileKey() ? FileIdentity.of(attrs, true).equals(s.identity)
                : nameStartsWith(s.head);
        if (sameFile && size >= s.position && s.head.matches(s.channel, size)) {
            return; // it only grew
        }
        startedOver(s, sameFile);
    }

    private boolean nameStartsWith(FileIdentity.Head head) throws IOException {
        try (FileChannel channel = options.opener().open(source.path())) {
            return head.matches(channel, channel.size());
        } catch (NoSuchFileException | AccessDeniedException e) {
            return true; // nothing else to read under the name yet
        }
    }

    /**
     * The name is another file now, or this one started over. Whatever the old content held after
     * what was read is either still behind the open handle (renamed, deleted) or in the copy that
     * copytruncate made; it is read before the file under the name is opened from its start.
     */
    private void startedOver(Segment s, boolean sameFile) throws IOException {
        long handleSize = s.channel.size();
        boolean handleKeepsOld = handleSize >= s.position && s.head.matches(s.channel, handleSize);
        if (handleKeepsOld) {
            read(s, Long.MAX_VALUE);
        } else {
            readTailFromCopy(s);
        }
        current = null;
        if (handleKeepsOld && !sameFile) {
            retiring.addLast(s); // its writer may not have reopened yet
            LOG.info("{}: rotated; reading the new file from its start", source.displayName());
        } else {
            finish(s);
            closeChannel(s);
            LOG.info("{}: truncated; reading it from its start", source.displayName());
        }
        open();
    }

    /** After copytruncate: reads what had not been read yet from the rotated copy, when one holds it. */
    private void readTailFromCopy(Segment s) throws IOException {
        byte[] head = s.head.bytesCopy();
        Optional<Path> copy = RotatedCopies.find(source.path(), s.position, channel -> {
            byte[] h = FileIdentity.Head.read(channel, head.length);
            return Arrays.equals(h, head);
        });
        if (copy.isEmpty()) {
            return; // shrunk in place: what was cut off is gone
        }
        try (FileChannel channel = FileChannel.open(copy.get(), StandardOpenOption.READ)) {
            FileChannel own = s.channel;
            s.channel = channel;
            read(s, Long.MAX_VALUE);
            s.channel = own;
        }
    }

    /**
     * Reads from the segment's position to the end of its file (or the budget) and hands lines on.
     * Each chunk is checked before use: when the file no longer starts with its head or is shorter
     * than what was just read, it was truncated meanwhile and the chunk may be new content at an
     * old offset; it is dropped and false answered (the caller then reads the old tail elsewhere).
     */
    private boolean read(Segment s, long budget) throws IOException {
        long total = 0;
        boolean consistent = true;
        while (total < budget) {
            buffer.clear();
            int n = s.channel.read(buffer, s.position);
            if (n <= 0) {
                break;
            }
            long size = s.channel.size();
            if (size < s.position + n || !s.head.matches(s.channel, size)) {
                consistent = false;
                break;
            }
            s.split(buffer.array(), n);
            s.head.refresh(s.channel, size);
            total += n;
        }
        if (total > 0) {
            s.lastGrowth = System.nanoTime();
            s.pending = true;
            active = true;
        }
        return consistent;
    }

    private void flushIfIdle(Segment s) {
        if (s.pending && System.nanoTime() - s.lastGrowth >= IDLE_FLUSH.toNanos()) {
            s.reader.flush(out::event);
            s.pending = false;
            s.flushed = true;
        }
    }

    /** The segment is done: its last line (even without a line end) and held message go out. */
    private void finish(Segment s) {
        if (s.partialLength > 0 || s.partialTruncated) {
            s.emitLine();
        }
        s.reader.flush(out::event);
        s.flushed = true;
        checkpoint(s);
    }

    /** Tells the output the point up to which every event of this segment is out. */
    private void checkpoint(Segment s) {
        long held = s.flushed ? 0 : s.reader.firstHeldLine();
        if (held > 0 && held > s.lineNumber - LINE_RING) {
            s.safeOffset = s.lineStarts[(int) (held % LINE_RING)];
            s.safeLine = held - 1;
        } else if (held == 0) {
            s.safeOffset = s.lineStart;
            s.safeLine = s.lineNumber;
        }
        if (s.safeOffset != s.reportedOffset) {
            s.reportedOffset = s.safeOffset;
            out.checkpoint(new Checkpoint(source.displayName(), s.identity, s.head.digest(), s.head.length(),
                    s.safeOffset, s.safeLine));
        }
    }

    /** Logs a problem with the file once, until the file is read again. */
    private void report(String kind, String message, String detail) {
        if (kind.equals(reported)) {
            return;
        }
        reported = kind;
        if (detail == null) {
            LOG.warn(message, source.displayName());
        } else {
            LOG.warn(message, source.displayName(), detail);
        }
    }

    private void closeAll() {
        synchronized (this) {
            for (Segment s : retiring) {
                closeChannel(s);
            }
            retiring.clear();
            if (current != null) {
                closeChannel(current);
                current = null;
            }
        }
    }

    private static void closeChannel(Segment s) {
        try {
            s.channel.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }

    /** Stops polling; waits for a poll under way to end, then closes the files. */
    @Override
    public void close() {
        running = false;
        synchronized (this) {
            if (next != null) {
                next.cancel(false);
            }
            closeAll();
        }
    }

    /** One file behind the name: its handle, where reading is, its dialect reader and line state. */
    private final class Segment {
        FileChannel channel;
        final FileIdentity identity;
        final FileIdentity.Head head = new FileIdentity.Head();
        /** Made once the segment knows where it starts reading: the date of its lines depends on it. */
        DialectReader reader;
        final long[] lineStarts = new long[LINE_RING];
        long position;
        long lineStart;
        long lineNumber;
        long safeOffset;
        long safeLine;
        long reportedOffset = -1;
        long lastGrowth = System.nanoTime();
        boolean pending;
        boolean flushed;
        byte[] partial = new byte[256];
        int partialLength;
        boolean partialTruncated;

        Segment(FileChannel channel, FileIdentity identity) {
            this.channel = channel;
            this.identity = identity;
        }

        /** Sets up the dialect reader for the lines from {@link #position} on. */
        void startReading(FileTime modified) {
            LocalDate date = options.date();
            if (date == null) {
                try {
                    date = LogDates.firstDate(channel, modified, zone, position);
                } catch (IOException e) {
                    // the date is a guess; a file that cannot be read for it is read with today's
                    date = LocalDate.now(zone);
                }
            }
            // a line of a log that writes no time is dated when it is read: it was written just before
            LogContext context = new LogContext(source.displayName(), source.role(), date, zone, InstantSource.system());
            this.reader = FileEvents.readerFor(source, context);
            latestReader = reader;
        }

        /** Splits bytes into lines; each complete line goes to the dialect. */
        void split(byte[] bytes, int n) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (bytes[i] == '\n') {
                    append(bytes, start, i - start);
                    position += i - start + 1;
                    emitLine();
                    lineStart = position;
                    start = i + 1;
                }
            }
            append(bytes, start, n - start);
            position += n - start;
        }

        private void append(byte[] bytes, int from, int length) {
            int room = MAX_LINE_BYTES - partialLength;
            int take = Math.min(room, length);
            if (take < length) {
                partialTruncated = true;
            }
            if (take <= 0) {
                return;
            }
            if (partialLength + take > partial.length) {
                partial = Arrays.copyOf(partial, Math.min(MAX_LINE_BYTES, Math.max(partial.length * 2, partialLength + take)));
            }
            System.arraycopy(bytes, from, partial, partialLength, take);
            partialLength += take;
        }

        void emitLine() {
            String line = new String(partial, 0, partialLength, StandardCharsets.UTF_8);
            if (line.length() > BoundedLineReader.DEFAULT_MAX_LENGTH) {
                line = line.substring(0, BoundedLineReader.DEFAULT_MAX_LENGTH);
            }
            if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
                line = line.substring(0, line.length() - 1);
            }
            partialLength = 0;
            partialTruncated = false;
            if (partial.length > 4096) {
                partial = new byte[256]; // one long line must not pin its buffer
            }
            lineNumber++;
            lineStarts[(int) (lineNumber % LINE_RING)] = lineStart;
            flushed = false;
            reader.line(line, lineNumber, out::event);
        }
    }
}
