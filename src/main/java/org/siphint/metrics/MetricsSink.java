package org.siphint.metrics;

import org.siphint.finding.Finding;
import org.siphint.finding.FindingSink;

/** Counts each finding by situation and severity. */
public final class MetricsSink implements FindingSink {

    private final Metrics metrics;

    public MetricsSink(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void accept(Finding finding) {
        metrics.finding(finding.situation(), finding.severity());
    }
}
