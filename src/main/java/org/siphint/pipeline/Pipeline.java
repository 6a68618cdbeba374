package org.siphint.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.kie.api.KieBase;
import org.siphint.engine.Detection;
import org.siphint.engine.RuleEngine;
import org.siphint.engine.Thresholds;
import org.siphint.finding.Catalog;
import org.siphint.transaction.TransactionLayer;
import org.siphint.transaction.UnitSink;
import org.siphint.event.LogEvent;
import org.siphint.event.SipMessage;
import org.siphint.finding.Finding;
import org.siphint.finding.FindingFactory;
import org.siphint.finding.FindingSink;
import org.siphint.finding.RepeatFilter;
import org.siphint.finding.ShownFindings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages after the dialects: events into the rule engine, detections into findings worded by
 * the catalog, findings to every sink. One thread drives a pipeline.
 */
public final class Pipeline implements EventStage, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    /** How far past the last event the clock moves when the input ends: past every rule's window. */
    public static final long END_OF_INPUT_MILLIS = 5 * 60_000L;

    private RuleEngine engine;
    private FindingFactory findings;
    private final TransactionLayer transactions = new TransactionLayer(new UnitSink() {
        @Override
        public void insert(LogEvent unit) {
            engine.add(unit);
            facts++;
        }

        @Override
        public void update(LogEvent unit, String... changed) {
            engine.update(unit, changed);
        }

        @Override
        public void retract(LogEvent unit) {
            engine.retract(unit);
        }
    });
    /** Whether the rules match raw SIP messages (a rule file of one's own may): then every message is a fact too. */
    private boolean rawMessages;
    private long facts;
    private boolean muted;
    private final List<FindingSink> sinks;
    private final List<Consumer<LogEvent>> observers = new ArrayList<>(2);
    private final RepeatFilter repeats = new RepeatFilter(java.time.Duration.ofMinutes(1));
    private final ShownFindings shown;
    private long events;
    private long findingCount;

    /** Hands a finding that is about siphint itself (not about a call) to every sink. */
    public void report(Finding finding) {
        deliver(finding);
    }

    /**
     * Hands a finding another machine made (a fleet's central worker) to every sink, once: one
     * already reported, here or by an earlier copy of the same finding, is dropped.
     */
    public void reportFromElsewhere(Finding finding) {
        if (!repeats.isNew(finding)) {
            return;
        }
        if (shown != null && !shown.firstTime(finding)) {
            return;
        }
        deliver(finding);
    }

    /**
     * A unit made by another machine's transaction layer (a fleet agent's) becomes a fact, as if this
     * pipeline's own layer had made it; the clock moves to its time, never back.
     */
    public void acceptUnit(LogEvent unit) {
        events++;
        moveClock(unit.getTimestamp());
        engine.add(unit);
        facts++;
        engine.fire();
    }

    /** A unit given by {@link #acceptUnit} changed in place (a call acknowledged or hung up). */
    public void updateUnit(LogEvent unit) {
        engine.update(unit);
        engine.fire();
    }

    /** A unit given by {@link #acceptUnit} is let go by the machine that made it. */
    public void retractUnit(LogEvent unit) {
        engine.retract(unit);
        engine.fire();
    }

    /**
     * While muted the rules run and their windows open and close, but nothing they find is reported:
     * a fleet worker rebuilding a partition's state from records whose findings were already published.
     */
    public void mute(boolean mute) {
        this.muted = mute;
    }

    public Pipeline(KieBase rules, FindingFactory findings, List<FindingSink> sinks) {
        this(rules, findings, sinks, null);
    }

    /**
     * A pipeline that reports each finding once across restarts.
     *
     * @param shown the findings already reported by earlier runs, or null
     */
    public Pipeline(KieBase rules, FindingFactory findings, List<FindingSink> sinks, ShownFindings shown) {
        this.shown = shown;
        this.findings = findings;
        this.sinks = List.copyOf(sinks);
        this.engine = new RuleEngine(rules, this::detected, thresholdsOf(findings.catalog()));
        this.rawMessages = engine.matches(SipMessage.class);
    }

    /**
     * Lets {@code observer} see every event before the rules do, so that what a finding points at
     * (the messages of its call, for the report's ladder diagram) is already known when a sink
     * receives the finding. Observers run on the pipeline's thread: they must be quick and bounded.
     */
    public void observe(Consumer<LogEvent> observer) {
        observers.add(observer);
    }

    @Override
    public void accept(LogEvent event) {
        feed(event);
        engine.fire();
    }

    /**
     * Hands over events in log order, several at a time: the rules fire once per distinct log
     * time instead of once per event, which a replay can afford and the live daemon, waiting for
     * each line, has no use for.
     */
    public void acceptAll(List<LogEvent> batch) {
        for (LogEvent event : batch) {
            feed(event);
        }
        engine.fire();
    }

    /**
     * One event into the rules: a SIP message goes through the transaction layer, which turns the
     * messages into transactions, calls and registrations; other events (media reports, notices)
     * are facts as they are.
     */
    private void feed(LogEvent event) {
        events++;
        for (Consumer<LogEvent> observer : observers) {
            try {
                observer.accept(event);
            } catch (RuntimeException e) {
                // an observer only adds to reports: the rules still get the event
                LOG.warn("event observer failed: {}", e.toString());
            }
        }
        moveClock(event.getTimestamp());
        if (event instanceof SipMessage sip) {
            transactions.accept(sip);
            if (rawMessages) {
                engine.add(sip);
                facts++;
            }
        } else {
            engine.add(event);
            facts++;
        }
    }

    /**
     * Moves both clocks to {@code millis}, the rule engine's in step with the transaction layer's
     * timers: a transaction that timed out at 10:00:32 is judged at 10:00:32, not at the time of
     * the next line.
     */
    private void moveClock(long millis) {
        for (int i = 0; i < 1_000_000; i++) {
            long due = transactions.nextDue();
            if (due > millis) {
                break;
            }
            engine.advanceTo(due);
            transactions.advanceTo(due);
        }
        engine.advanceTo(millis);
        transactions.advanceTo(millis); // housekeeping due by now
    }

    /**
     * Swaps in new rules and wording without losing what is in flight: the new session is primed
     * with the recent events (what the old one still held) in their order, its clock brought to
     * the old one's time; what the new rules conclude about the past while priming is not reported
     * again (the old rules already had their say), but windows still open (a challenge waiting for
     * its retry) close under the new rules as they would have under the old.
     */
    public void swapRules(KieBase rules, FindingFactory wording) {
        RuleEngine fresh = new RuleEngine(rules, this::detected, thresholdsOf(wording.catalog()));
        RuleEngine old = engine;
        long now = old.now();
        boolean wasMuted = muted;
        muted = true;
        try {
            for (LogEvent e : old.liveEvents()) {
                fresh.advanceTo(e.getTimestamp());
                fresh.add(e);
            }
            fresh.advanceTo(now);
            fresh.fire();
        } finally {
            engine = fresh;
            findings = wording;
            rawMessages = fresh.matches(SipMessage.class);
            muted = wasMuted;
            old.close();
        }
    }

    /** Moves the rule clock forward (live mode: time passes while the logs are quiet). */
    @Override
    public void advanceTo(long epochMillis) {
        moveClock(epochMillis);
        engine.fire();
    }

    /** The input is complete: let every pending window close, as it would in the live daemon. */
    public void endOfInput() {
        advanceTo(engine.now() + END_OF_INPUT_MILLIS);
    }

    public long now() {
        return engine.now();
    }

    /** When the rule clock must next move for something to happen without an event ({@link RuleEngine#nextDue}). */
    public long nextDue() {
        return Math.min(engine.nextDue(), transactions.nextDue());
    }

    public long eventCount() {
        return events;
    }

    public long findingCount() {
        return findingCount;
    }

    public long factCount() {
        return engine.factCount();
    }

    /** Facts handed to the rule engine so far (events and units, not counting updates). */
    public long factsInserted() {
        return facts;
    }

    /** The catalog's per-situation limits, as the rules' {@code thresholds} global. */
    static Thresholds thresholdsOf(Catalog catalog) {
        Map<String, Map<String, Double>> limits = new HashMap<>();
        catalog.entries().forEach((id, entry) -> limits.put(id, entry.thresholds()));
        return Thresholds.of(limits);
    }

    private void detected(Detection detection) {
        if (muted) {
            return;
        }
        Finding finding = findings.create(detection);
        if (finding == null || !repeats.isNew(finding)) {
            return;
        }
        if (shown != null && !shown.firstTime(finding)) {
            return; // reported before a restart; its lines were read again
        }
        deliver(finding);
    }

    private void deliver(Finding finding) {
        findingCount++;
        for (FindingSink sink : sinks) {
            try {
                sink.accept(finding);
            } catch (RuntimeException e) {
                // one broken sink (a closed pipe, a dead notifier) must not stop the others
                LOG.warn("sink {} failed: {}", sink.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        engine.close();
        for (FindingSink sink : sinks) {
            sink.close();
        }
    }
}
