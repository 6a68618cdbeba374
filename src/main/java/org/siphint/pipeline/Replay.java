package org.siphint.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

import org.siphint.event.LogEvent;
import org.siphint.source.FileEvents;
import org.siphint.source.LogSource;

/**
 * Reads whole files as one timeline: the events of all files merged by log time (a file's own order
 * is kept for equal times), into a pipeline, then closes every rule window as the end of input.
 *
 * <p>Reading, framing and parsing run on a thread of their own, ahead of the rule engine, which owns the calling thread, so
 * a replay uses two cores. Events cross in batches through a small bounded queue, so memory stays
 * flat however large the files.
 */
public final class Replay {

    private static final int BATCH = 512;
    private static final int BATCHES_AHEAD = 32;
    private static final List<LogEvent> END = List.of();

    private final ZoneId zone;
    private volatile List<FileEvents> open = List.of();

    public Replay(ZoneId zone) {
        this.zone = zone;
    }

    /** Bytes read so far and in all, over every file of the running replay (for a progress bar). */
    public long[] progress() {
        long read = 0;
        long total = 0;
        for (FileEvents f : open) {
            read += f.bytesRead();
            total += f.size();
        }
        return new long[] {read, total};
    }

    /**
     * Statistics of one replay: {@code readerCpuNanos} is the CPU time of the thread that read,
     * framed and parsed (-1 when the JVM cannot tell), a figure that a loaded machine does not skew.
     */
    public record Stats(long lines, long events, long readerCpuNanos) {
    }

    public Stats run(List<LogSource> sources, Pipeline pipeline) throws IOException {
        Stats stats = read(sources, pipeline::acceptAll);
        pipeline.endOfInput();
        return stats;
    }

    /**
     * Reads the files as one timeline and hands their events, in batches in log order, to
     * {@code consumer} on the calling thread; reading runs on threads of its own.
     */
    public Stats read(List<LogSource> sources, Consumer<List<LogEvent>> consumer) throws IOException {
        List<FileEvents> files = new ArrayList<>();
        try {
            for (LogSource source : sources) {
                files.add(FileEvents.open(source, zone));
            }
            open = List.copyOf(files);
            BlockingQueue<List<LogEvent>> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
            Throwable[] failure = new Throwable[1];
            long[] readerCpu = {-1};
            Thread reader = new Thread(() -> {
                try {
                    merge(files, queue);
                } catch (Throwable t) {
                    failure[0] = t;
                } finally {
                    readerCpu[0] = threadCpuNanos();
                    putQuietly(queue, END);
                }
            }, "siphint-replay-reader");
            reader.setDaemon(true);
            reader.start();
            long events = 0;
            try {
                while (true) {
                    List<LogEvent> batch = queue.take();
                    if (batch == END) {
                        break;
                    }
                    consumer.accept(batch);
                    events += batch.size();
                }
                reader.join();
            } catch (InterruptedException e) {
                reader.interrupt();
                Thread.currentThread().interrupt();
                throw new IOException("replay interrupted", e);
            }
            if (failure[0] instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (failure[0] instanceof RuntimeException r) {
                throw r;
            }
            if (failure[0] instanceof Error err) {
                throw err;
            }
            long lines = files.stream().mapToLong(FileEvents::linesRead).sum();
            return new Stats(lines, events, readerCpu[0]);
        } finally {
            for (FileEvents f : files) {
                f.close();
            }
        }
    }

    private static void merge(List<FileEvents> files, BlockingQueue<List<LogEvent>> queue) throws InterruptedException {
        record Head(LogEvent event, int file, long seq) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> {
            int c = Long.compare(a.event.getTimestamp(), b.event.getTimestamp());
            return c != 0 ? c : Long.compare(a.seq, b.seq);
        });
        long seq = 0;
        try {
            for (int i = 0; i < files.size(); i++) {
                LogEvent first = files.get(i).next();
                if (first != null) {
                    heads.add(new Head(first, i, seq++));
                }
            }
            List<LogEvent> batch = new ArrayList<>(BATCH);
            while (!heads.isEmpty()) {
                Head head = heads.poll();
                batch.add(head.event);
                if (batch.size() == BATCH) {
                    queue.put(batch);
                    batch = new ArrayList<>(BATCH);
                }
                LogEvent next = files.get(head.file).next();
                if (next != null) {
                    heads.add(new Head(next, head.file, seq++));
                }
            }
            if (!batch.isEmpty()) {
                queue.put(batch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU time of the calling thread, -1 when the JVM does not measure it. */
    public static long threadCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
    }

    private static void putQuietly(BlockingQueue<List<LogEvent>> queue, List<LogEvent> item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
