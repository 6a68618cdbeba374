package org.siphint.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.TestRules;
import org.siphint.event.LogEvent;
import org.siphint.finding.Finding;
import org.siphint.finding.FindingFactory;
import org.siphint.source.FileEvents;
import org.siphint.source.LogSource;

/**
 * The live loop moves the rule clock only to the moments the rules have something due; moving it
 * from one such moment to the next must be enough for absence rules to fire.
 */
class RuleClockDueTest {

    @Test
    void jumpingFromOneDueMomentToTheNextFiresTheAbsenceRule() throws Exception {
        List<Finding> findings = new ArrayList<>();
        try (Pipeline pipeline = new Pipeline(TestRules.base(), new FindingFactory(TestRules.catalog()),
                List.of(findings::add));
             FileEvents events = FileEvents.open(new LogSource(
                     Path.of("sample-logs/asterisk/register-unknown-endpoint.log"), null, null), ZoneId.of("UTC"))) {
            for (LogEvent e; (e = events.next()) != null; ) {
                pipeline.accept(e);
            }
            assertTrue(findings.isEmpty(), "the rule waits for a retry that never comes");
            int jumps = 0;
            while (findings.isEmpty() && pipeline.nextDue() != Long.MAX_VALUE && jumps < 1000) {
                long due = pipeline.nextDue();
                assertTrue(due > pipeline.now(), "due " + due + " is not after the rule clock " + pipeline.now());
                pipeline.advanceTo(due);
                jumps++;
            }
            assertEquals(1, findings.size(), findings::toString);
            assertEquals("unknown-account", findings.get(0).cause());
        }
    }
}
