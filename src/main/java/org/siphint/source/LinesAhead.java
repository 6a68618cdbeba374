package org.siphint.source;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a file's lines on a thread of its own, ahead of the thread that frames and parses them, so
 * one large file keeps two cores busy: splitting and decoding lines is about a sixth of reading a
 * log, and it overlaps with the rest instead of adding to it. Lines cross in batches through a small
 * bounded queue (a batch ends at 1,024 lines or a million characters), so memory stays bounded
 * whatever the file holds; order is the file's.
 */
final class LinesAhead implements Closeable {

    private static final int BATCH_LINES = 1024;
    private static final long BATCH_CHARS = 1 << 20;
    private static final int BATCHES_AHEAD = 4;

    /** A batch of lines; {@code end} after the last one, {@code failure} when reading failed. */
    private record Batch(String[] lines, int count, boolean end, IOException failure) {
    }

    private final BoundedLineReader reader;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    private final Thread thread;
    private volatile boolean closed;
    private Batch current;
    private int next;

    LinesAhead(BoundedLineReader reader, String name) {
        this.reader = reader;
        this.thread = new Thread(this::run, "siphint-lines " + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!closed) {
                String[] lines = new String[BATCH_LINES];
                int n = 0;
                long chars = 0;
                String line = null;
                while (n < BATCH_LINES && chars < BATCH_CHARS && (line = reader.readLine()) != null) {
                    lines[n++] = line;
                    chars += line.length();
                }
                if (n > 0) {
                    queue.put(new Batch(lines, n, false, null));
                }
                if (line == null) {
                    queue.put(new Batch(null, 0, true, null));
                    return;
                }
            }
        } catch (IOException e) {
            putQuietly(new Batch(null, 0, true, closed ? null : e));
        } catch (InterruptedException e) {
            // closed while the queue was full
        }
    }

    private void putQuietly(Batch batch) {
        try {
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next line, or null at the end of the file. */
    String readLine() throws IOException {
        if (current == null || next == current.count) {
            if (current != null && current.end) {
                return null;
            }
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading");
            }
            next = 0;
            if (current.failure != null) {
                IOException failure = current.failure;
                current = new Batch(null, 0, true, null);
                throw failure;
            }
            if (current.end) {
                return null;
            }
        }
        String line = current.lines[next];
        current.lines[next++] = null;
        return line;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        thread.interrupt();
        queue.clear(); // a reader blocked on a full queue gets room, sees closed and stops
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
    }
}
