package org.siphint.pipeline;

import java.util.List;

import org.kie.api.KieBase;
import org.siphint.engine.Detection;
import org.siphint.engine.RuleEngine;
import org.siphint.event.LogEvent;
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
public final class Pipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    /** How far past the last event the clock moves when the input ends: past every rule's window. */
    public static final long END_OF_INPUT_MILLIS = 5 * 60_000L;

    private final RuleEngine engine;
    private final FindingFactory findings;
    private final List<FindingSink> sinks;
    private final RepeatFilter repeats = new RepeatFilter(java.time.Duration.ofMinutes(1));
    private final ShownFindings shown;
    private long events;
    private long findingCount;

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
        this.engine = new RuleEngine(rules, this::detected);
    }

    public void accept(LogEvent event) {
        events++;
        engine.insert(event);
    }

    /** Moves the rule clock forward (live mode: time passes while the logs are quiet). */
    public void advanceTo(long epochMillis) {
        engine.advanceTo(epochMillis);
    }

    /** The input is complete: let every pending window close, as it would in the live daemon. */
    public void endOfInput() {
        engine.advanceTo(engine.now() + END_OF_INPUT_MILLIS);
    }

    public long now() {
        return engine.now();
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

    private void detected(Detection detection) {
        Finding finding = findings.create(detection);
        if (!repeats.isNew(finding)) {
            return;
        }
        if (shown != null && !shown.firstTime(finding)) {
            return; // reported before a restart; its lines were read again
        }
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
