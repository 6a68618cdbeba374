package org.siphint.notify;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.siphint.finding.Finding;
import org.siphint.finding.FindingSink;
import org.siphint.finding.PopupGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the findings that pass the {@link PopupGate} to a notifier on a thread of its own, behind a
 * small bounded queue: a frozen notification server blocks that thread, never the pipeline; when
 * the queue is full the newest pop-up is dropped (and counted), since every finding is already in
 * the JSON sink and history.
 */
public final class NotifierSink implements FindingSink {

    private static final Logger LOG = LoggerFactory.getLogger(NotifierSink.class);
    private static final int QUEUE = 16;

    private final Notifier notifier;
    private final PopupGate gate;
    private final BlockingQueue<Finding> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread worker;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong shown = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean failedOnce;

    public NotifierSink(Notifier notifier, Duration popupWindow) {
        this.notifier = notifier;
        this.gate = new PopupGate(popupWindow);
        this.worker = new Thread(this::work, "siphint-notifier");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    @Override
    public void accept(Finding finding) {
        if (!gate.admit(finding, finding.time().toEpochMilli())) {
            return;
        }
        if (!queue.offer(finding)) {
            dropped.incrementAndGet();
        }
    }

    private void work() {
        while (running || !queue.isEmpty()) {
            Finding f;
            try {
                f = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (f == null) {
                continue;
            }
            try {
                notifier.show(f);
                shown.incrementAndGet();
            } catch (NotifierException | RuntimeException e) {
                if (!failedOnce) {
                    failedOnce = true;
                    LOG.warn("notifier {} failed: {}", notifier.name(), e.getMessage());
                }
            }
        }
    }

    public long shown() {
        return shown.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Waits up to {@code timeout} for queued pop-ups to be shown, then stops. */
    public void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!queue.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        drain(Duration.ofSeconds(2));
        running = false;
        try {
            worker.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        notifier.close();
    }
}
