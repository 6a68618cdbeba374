package org.siphint.pipeline;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.siphint.event.LogEvent;
import org.siphint.source.LogSource;
import org.siphint.source.TailedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live daemon's loop: tails every file, and feeds their events to the pipeline on one thread.
 *
 * <p>Event time is log time while the log is live (within {@link #LIVE_SKEW_MILLIS} of the wall
 * clock); a line whose time is far off (a backlog read with {@code --from-start}, a log in another
 * time zone, the demo's old samples) is timed by its arrival instead, so files with different clocks
 * still correlate. While the logs are quiet the rule clock moves on with the wall clock, so absence
 * rules ("no ACK for 32 s") fire in real time. The engine's clock never moves back.
 */
public final class Watcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);
    private static final int QUEUE = 10_000;
    private static final long IDLE_TICK_MILLIS = 200;
    /** A log time further than this from the wall clock is not live: such events get their arrival time. */
    static final long LIVE_SKEW_MILLIS = 120_000;
    /** Room the queue must have before this thread flushes into it itself (it is the queue's consumer). */
    private static final int FLUSH_ROOM = 1_000;

    private final Pipeline pipeline;
    private final BlockingQueue<LogEvent> queue = new ArrayBlockingQueue<>(QUEUE);
    private final ExecutorService tailers;
    private final List<TailedFile> files = new ArrayList<>();
    private volatile boolean running = true;
    private RuleReloader reloader;

    public Watcher(Pipeline pipeline, List<LogSource> sources, ZoneId zone, boolean fromStart) {
        this.pipeline = pipeline;
        this.tailers = Executors.newFixedThreadPool(Math.max(1, sources.size()), r -> {
            Thread t = new Thread(r, "siphint-tail");
            t.setDaemon(true);
            return t;
        });
        for (LogSource source : sources) {
            files.add(TailedFile.start(source, zone, fromStart, tailers, this::enqueue));
        }
    }

    /** Blocks the tailer when the pipeline falls behind: back-pressure, not loss. */
    private void enqueue(LogEvent event) {
        try {
            while (running && !queue.offer(event, 100, TimeUnit.MILLISECONDS)) {
                // the pipeline is behind; the tailer waits and the file keeps the lines
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Swaps in the rules this reloader compiles, between two events. */
    public void reloadRulesWith(RuleReloader reloader) {
        this.reloader = reloader;
    }

    private void applyReloads() {
        RuleReloader.Update update = reloader.takeUpdate();
        if (update != null) {
            pipeline.swapRules(update.rules(), update.wording());
        }
        org.siphint.finding.Finding broken = reloader.takeBroken();
        if (broken != null) {
            pipeline.report(broken);
        }
    }

    /** Runs until {@link #stop()} or the deadline (epoch millis, or 0 for none). */
    public void run(long deadlineMillis) {
        long lastEventTime = 0;
        long lastArrival = System.currentTimeMillis();
        long lastFlushCheck = 0;
        while (running && (deadlineMillis == 0 || System.currentTimeMillis() < deadlineMillis)) {
            LogEvent event;
            try {
                event = queue.poll(IDLE_TICK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long wall = System.currentTimeMillis();
            try {
                if (reloader != null) {
                    applyReloads();
                }
                if (event != null) {
                    if (Math.abs(event.getTimestamp() - wall) > LIVE_SKEW_MILLIS) {
                        event.retime(wall);
                    }
                    pipeline.accept(event);
                    lastEventTime = Math.max(lastEventTime, event.getTimestamp());
                    lastArrival = wall;
                } else if (lastEventTime > 0) {
                    pipeline.advanceTo(lastEventTime + (wall - lastArrival));
                }
                // a quiet file's last message may still sit in its dialect; busy files must not starve it
                if (wall - lastFlushCheck >= IDLE_TICK_MILLIS && queue.remainingCapacity() > FLUSH_ROOM) {
                    lastFlushCheck = wall;
                    files.forEach(TailedFile::flushIfIdle);
                }
            } catch (RuntimeException e) {
                // a rule that throws must not end the daemon: report it and go on with the next event
                LOG.error("rule evaluation failed on {}: {}", event, e.toString());
            }
        }
    }

    public void stop() {
        running = false;
    }

    @Override
    public void close() {
        running = false;
        files.forEach(TailedFile::close);
        tailers.shutdown();
        try {
            if (!tailers.awaitTermination(2, TimeUnit.SECONDS)) {
                tailers.shutdownNow();
            }
        } catch (InterruptedException e) {
            tailers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
