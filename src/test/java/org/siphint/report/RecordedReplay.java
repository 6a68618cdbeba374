package org.siphint.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.siphint.TestRules;
import org.siphint.event.Role;
import org.siphint.finding.Finding;
import org.siphint.finding.FindingFactory;
import org.siphint.pipeline.Pipeline;
import org.siphint.pipeline.Replay;
import org.siphint.source.LogSource;

/** A replay with the shipped rules and a call recorder: what a report is made of. */
record RecordedReplay(List<Finding> findings, CallRecorder recorder) {

    static RecordedReplay of(Role role, Path... files) throws IOException {
        List<Finding> findings = new ArrayList<>();
        CallRecorder recorder = new CallRecorder();
        List<LogSource> sources = new ArrayList<>();
        for (Path f : files) {
            sources.add(new LogSource(f, role, null));
        }
        try (Pipeline pipeline = new Pipeline(TestRules.base(), new FindingFactory(TestRules.catalog()),
                List.of(findings::add))) {
            pipeline.observe(recorder);
            new Replay(ZoneId.of("UTC")).run(sources, pipeline);
        }
        return new RecordedReplay(findings, recorder);
    }

    /** The one finding of {@code situation}. */
    Finding finding(String situation) {
        List<Finding> matching = findings.stream().filter(f -> f.situation().equals(situation)).toList();
        if (matching.isEmpty()) {
            throw new AssertionError("no " + situation + " finding among " + findings);
        }
        return matching.get(0);
    }

    /** The ladder of a finding's call, its evidence highlighted. */
    Ladder ladder(Finding f) {
        CallRecord call = recorder.call(f.callId()).orElseThrow(() -> new AssertionError("call not recorded: " + f.callId()));
        return LadderBuilder.build(call, recorder.addresses(), f);
    }
}
