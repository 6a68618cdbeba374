package org.siphint.notify;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.siphint.finding.Finding;
import org.siphint.finding.FindingSink;
import org.siphint.finding.PopupGate;
import org.siphint.finding.PopupPause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the findings that pass the {@link PopupGate} to a notifier on a thread of its own, behind a
 * small bounded queue: a frozen notification server blocks that thread, never the pipeline; when
 * the queue is full the newest pop-up is dropped (and counted), since every finding is already in
 * the JSON sink and history.
 *
 * <p>Every call into the notifier ({@link Notifier#show}, {@link Notifier#dispatch},
 * {@link Notifier#close}) happens on that one thread, so a notifier bound to a native library need
 * not be thread-safe. A notifier stuck in a call for {@link #STUCK_MILLIS} is reported once; closing
 * the sink waits a bounded time and never joins a stuck thread for good (it is a daemon thread).
 */
public final class NotifierSink implements FindingSink {

    private static final Logger LOG = LoggerFactory.getLogger(NotifierSink.class);
    private static final int QUEUE = 16;
    /** Poll interval of the worker, and so how often {@link Notifier#dispatch} runs when idle. */
    private static final long TICK_MILLIS = 100;
    static final long STUCK_MILLIS = 10_000;

    private final Notifier notifier;
    private final PopupGate gate;
    private final BlockingQueue<Finding> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread worker;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong shown = new AtomicLong();
    private final AtomicLong paused = new AtomicLong();
    private final PopupPause pause;
    private volatile boolean running = true;
    private volatile boolean failedOnce;
    /** When the current call into the notifier began (nanoTime), or 0 when the worker is idle. */
    private volatile long busySince;
    private volatile boolean stuckReported;

    public NotifierSink(Notifier notifier, Duration popupWindow) {
        this(notifier, popupWindow, null);
    }

    /** A sink that shows nothing while {@code pause} (may be null) is in force. */
    public NotifierSink(Notifier notifier, Duration popupWindow, PopupPause pause) {
        this.notifier = notifier;
        this.pause = pause;
        this.gate = new PopupGate(popupWindow);
        this.worker = new Thread(this::work, "siphint-notifier");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    @Override
    public void accept(Finding finding) {
        if (pause != null && pause.paused() && finding.severityLevel().popsUp()) {
            paused.incrementAndGet();
            return;
        }
        if (!gate.admit(finding, finding.time().toEpochMilli())) {
            return;
        }
        reportIfStuck();
        if (!queue.offer(finding)) {
            dropped.incrementAndGet();
        }
    }

    private void reportIfStuck() {
        long since = busySince;
        if (since != 0 && !stuckReported && System.nanoTime() - since > STUCK_MILLIS * 1_000_000) {
            stuckReported = true;
            LOG.warn("notifier {} has not answered for {} s (a frozen notification server?); pop-ups wait or are "
                    + "dropped until it does, findings still reach the console and JSON", notifier.name(),
                    STUCK_MILLIS / 1000);
        }
    }

    /** Whether the notifier has been inside one call for longer than {@link #STUCK_MILLIS}. */
    public boolean stuck() {
        long since = busySince;
        return since != 0 && System.nanoTime() - since > STUCK_MILLIS * 1_000_000;
    }

    private void work() {
        try {
            while (running || !queue.isEmpty()) {
                Finding f;
                try {
                    f = queue.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (f != null) {
                    call(() -> {
                        notifier.show(f);
                        shown.incrementAndGet();
                    });
                }
                call(notifier::dispatch);
            }
        } finally {
            call(notifier::close);
        }
    }

    private interface Call {
        void run() throws NotifierException;
    }

    private void call(Call call) {
        busySince = System.nanoTime();
        try {
            call.run();
        } catch (NotifierException | RuntimeException e) {
            if (!failedOnce) {
                failedOnce = true;
                LOG.warn("notifier {} failed: {}", notifier.name(), e.getMessage());
            }
        } finally {
            busySince = 0;
        }
    }

    public long shown() {
        return shown.get();
    }

    /** Pop-ups not shown because they were paused. */
    public long paused() {
        return paused.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Waits up to {@code timeout} for queued pop-ups to be shown (not at all while the notifier is stuck). */
    public void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((!queue.isEmpty() || busySince != 0) && !stuck() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Shows what is queued (for at most 2 s), then stops the worker, which closes the notifier on its
     * own thread. Returns within about 3 s even when the notifier is stuck: the daemon thread is then
     * left behind and ends with the JVM.
     */
    @Override
    public void close() {
        drain(Duration.ofSeconds(2));
        running = false;
        if (stuck()) {
            queue.clear();
        }
        try {
            worker.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            LOG.debug("notifier {} still busy at shutdown; not waiting for it", notifier.name());
        }
    }
}
