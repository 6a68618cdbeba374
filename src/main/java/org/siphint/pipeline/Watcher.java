package org.siphint.pipeline;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.siphint.event.LogEvent;
import org.siphint.source.LogSource;
import org.siphint.source.OffsetRegistry;
import org.siphint.source.TailedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live daemon's loop: tails every file, and feeds their events to the pipeline on one thread.
 * The files are polled on one other thread: a poll takes microseconds, and a thread per file only
 * added wake-ups and stacks to an idle daemon.
 *
 * <p>Event time is log time while the log is live (within {@link #LIVE_SKEW_MILLIS} of the wall
 * clock); a line whose time is far off (a backlog read with {@code --from-start}, a log in another
 * time zone, the demo's old samples) is timed by its arrival instead, so files with different clocks
 * still correlate. While the logs are quiet the rule clock moves on with the wall clock, so absence
 * rules ("no ACK for 32 s") fire in real time. The engine's clock never moves back.
 *
 * <p>With an {@link OffsetRegistry}, each file's resume point travels through the same queue as its
 * events and is recorded only once the events before it went through the pipeline: a restart
 * resumes after what was processed, never after what was merely read.
 */
public final class Watcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);
    private static final int QUEUE = 10_000;
    /**
     * Longest wait for an event before the loop looks around (rule reloads, resume points to save, a
     * stop): the rule clock itself is moved when the rules have something due, not on a tick.
     */
    static final long MAX_IDLE_WAIT_MILLIS = 1000;
    /** A log time further than this from the wall clock is not live: such events get their arrival time. */
    static final long LIVE_SKEW_MILLIS = 120_000;

    /** An event, or a file's resume point, in file order. */
    private record Item(LogEvent event, TailedFile.Checkpoint checkpoint, org.siphint.finding.Finding finding) {
    }

    private final EventStage pipeline;
    private final OffsetRegistry registry;
    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE);
    private final ScheduledExecutorService tailers;
    private final List<TailedFile> files = new ArrayList<>();
    private volatile boolean running = true;
    private RuleReloader reloader;
    /** The rule clock and its next due job as of the loop's last turn, for other threads (see {@link #ruleTime()}). */
    private volatile long ruleTime;
    private volatile long ruleNextDue = Long.MAX_VALUE;
    /** Per file (as named), the offset before which every event has gone through the rules. */
    private final Map<String, Long> processed = new ConcurrentHashMap<>();

    public Watcher(EventStage pipeline, List<LogSource> sources, ZoneId zone, boolean fromStart) {
        this(pipeline, sources, zone, fromStart, TailedFile.Options.defaults());
    }

    /** A watcher whose tailers use these options (a registry to resume from, a polling interval). */
    public Watcher(EventStage pipeline, List<LogSource> sources, ZoneId zone, boolean fromStart,
                   TailedFile.Options options) {
        this.pipeline = pipeline;
        this.registry = options.registry();
        this.tailers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "siphint-tail");
            t.setDaemon(true);
            return t;
        });
        TailedFile.Output output = new TailedFile.Output() {
            @Override
            public void event(LogEvent event) {
                enqueue(new Item(event, null, null));
            }

            @Override
            public void checkpoint(TailedFile.Checkpoint checkpoint) {
                // also without a registry: it tells processedOffset() how far the rules have read
                enqueue(new Item(null, checkpoint, null));
            }
        };
        for (LogSource source : sources) {
            files.add(TailedFile.start(source, zone, fromStart, tailers, options, output));
        }
    }

    /** Blocks the tailer when the pipeline falls behind: back-pressure, not loss. */
    private void enqueue(Item item) {
        try {
            while (running && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                // the pipeline is behind; the tailer waits and the file keeps the lines
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Where a live source other than a followed file (a HEP receiver, a capture being written) puts
     * its events, from any thread: they join the files' events in arrival order. Blocks when the
     * pipeline falls behind, as the tailers do.
     */
    public java.util.function.Consumer<LogEvent> input() {
        return event -> enqueue(new Item(event, null, null));
    }

    /** Whether the loop is still running (for live sources to stop with it). */
    public boolean running() {
        return running;
    }

    /** Swaps in the rules this reloader compiles, between two events. */
    public void reloadRulesWith(RuleReloader reloader) {
        this.reloader = reloader;
    }

    private void applyReloads() {
        if (!(pipeline instanceof Pipeline rules)) {
            return; // an agent runs no rules
        }
        RuleReloader.Update update = reloader.takeUpdate();
        if (update != null) {
            rules.swapRules(update.rules(), update.wording());
        }
        org.siphint.finding.Finding broken = reloader.takeBroken();
        if (broken != null) {
            rules.report(broken);
        }
    }

    /**
     * Hands a finding made elsewhere (a fleet's central worker) to the pipeline's sinks on the loop's
     * thread, between two events; from any thread. Ignored when the stage is not a pipeline.
     */
    public void deliver(org.siphint.finding.Finding finding) {
        enqueue(new Item(null, null, finding));
    }

    /** Runs until {@link #stop()} or the deadline (epoch millis, or 0 for none). */
    public void run(long deadlineMillis) {
        long lastEventTime = 0;
        long lastArrival = System.currentTimeMillis();
        while (running && (deadlineMillis == 0 || System.currentTimeMillis() < deadlineMillis)) {
            Item item;
            try {
                long wait = idleWait(lastEventTime, lastArrival, deadlineMillis);
                item = queue.poll(wait, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long wall = System.currentTimeMillis();
            try {
                if (reloader != null) {
                    applyReloads();
                }
                if (item != null && item.event() != null) {
                    LogEvent event = item.event();
                    if (Math.abs(event.getTimestamp() - wall) > LIVE_SKEW_MILLIS) {
                        event.retime(wall);
                    }
                    pipeline.accept(event);
                    lastEventTime = Math.max(lastEventTime, event.getTimestamp());
                    lastArrival = wall;
                } else if (item != null && item.finding() != null) {
                    if (pipeline instanceof Pipeline rules) {
                        rules.reportFromElsewhere(item.finding());
                    }
                } else if (item != null) {
                    TailedFile.Checkpoint checkpoint = item.checkpoint();
                    pipeline.whenSafe(() -> {
                        if (registry != null) {
                            registry.update(checkpoint);
                        }
                        processed.put(checkpoint.path(), checkpoint.offset());
                    });
                } else if (lastEventTime > 0) {
                    pipeline.advanceTo(lastEventTime + (wall - lastArrival));
                }
            } catch (RuntimeException e) {
                // a rule that throws must not end the daemon: report it and go on with the next event
                LOG.error("rule evaluation failed on {}: {}", item == null ? "clock tick" : item.event(), e.toString());
            }
            ruleTime = pipeline.now();
            ruleNextDue = pipeline.nextDue();
            if (registry != null) {
                registry.saveIfDue(wall);
            }
        }
    }

    /**
     * How long to wait for the next event: until the rules have something due (an absence window
     * closing) on the rule clock, which runs with the wall clock from the last event's time, at
     * most {@link #MAX_IDLE_WAIT_MILLIS} and not past the deadline.
     */
    private long idleWait(long lastEventTime, long lastArrival, long deadlineMillis) {
        long now = System.currentTimeMillis();
        long wait = MAX_IDLE_WAIT_MILLIS;
        if (lastEventTime > 0) {
            long due = pipeline.nextDue();
            // a job due no later than the engine's time should have run: trusting it could spin the loop
            if (due != Long.MAX_VALUE && due > pipeline.now()) {
                wait = Math.min(wait, lastArrival + (due - lastEventTime) - now);
            }
        }
        if (deadlineMillis != 0) {
            wait = Math.min(wait, deadlineMillis - now);
        }
        return Math.max(0, wait);
    }

    /**
     * How far the rules have read a file (named as its source's {@link LogSource#displayName()}): every
     * event of the bytes before this offset has gone through them; -1 before the first resume point.
     * Safe from any thread.
     */
    public long processedOffset(String path) {
        return processed.getOrDefault(path, -1L);
    }

    /**
     * The log format of a followed file (named as its source's {@link LogSource#displayName()}): the
     * one configured, or the one detected from its lines; null before detection or for a name this
     * watcher does not follow. Safe from any thread.
     */
    public String dialectOf(String file) {
        for (TailedFile f : files) {
            if (f.source().displayName().equals(file)) {
                return f.dialect();
            }
        }
        return null;
    }

    /** The rule clock (epoch millis of the engine) as of the loop's last turn; safe from any thread. */
    public long ruleTime() {
        return ruleTime;
    }

    /** When the rules next have something due without an event, as of the loop's last turn ({@link Pipeline#nextDue}). */
    public long nextDue() {
        return ruleNextDue;
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
        if (registry != null) {
            registry.save();
        }
    }
}
