package org.siphint.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A one-line progress bar with rate and time left, redrawn in place on a terminal's stderr while a
 * replay runs: {@code replay  [#########.......]  52%  412 MB / 790 MB  98 MB/s  4 s left}.
 */
final class ProgressBar implements AutoCloseable {

    private static final long REDRAW_MILLIS = 250;
    private static final int WIDTH = 24;

    private final PrintStream err;
    private final Supplier<long[]> progress;
    private final long start = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param progress answers {bytes read, bytes in all} */
    ProgressBar(PrintStream err, Supplier<long[]> progress) {
        this.err = err;
        this.progress = progress;
        this.thread = new Thread(this::loop, "siphint-progress");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(REDRAW_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                err.print("\r" + line(progress.get(), (System.nanoTime() - start) / 1e9));
                err.flush();
            }
        }
    }

    static String line(long[] p, double seconds) {
        long read = p[0];
        long total = Math.max(p[1], 1);
        double fraction = Math.min(1.0, (double) read / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double rate = seconds > 0 ? read / seconds : 0;
        String left = rate > 0 ? String.format(Locale.ROOT, "%.0f s left", (total - read) / rate) : "";
        return String.format(Locale.ROOT, "replay  [%s%s] %3.0f%%  %s / %s  %s/s  %s   ",
                "#".repeat(filled), ".".repeat(WIDTH - filled), fraction * 100, size(read), size(total),
                size((long) rate), left);
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.0f MB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.print("\r" + " ".repeat(100) + "\r");
        err.flush();
    }
}
