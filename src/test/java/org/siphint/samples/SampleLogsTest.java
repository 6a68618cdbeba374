package org.siphint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.siphint.TestRules;
import org.siphint.finding.Evidence;
import org.siphint.finding.Finding;
import org.siphint.pipeline.SampleCheck;

/**
 * Every sample log under {@code sample-logs/} that has a {@code .expected.json} beside it is
 * replayed with the shipped rules; the findings (situation and Call-ID) must be exactly the
 * expected ones, no more and no fewer. A healthy log expects an empty list. An expected situation
 * that has no entry in the catalog yet (its rule is still to come) is left out of the comparison.
 */
class SampleLogsTest {

    private static final Path SAMPLES = Path.of("sample-logs");

    @TestFactory
    Stream<DynamicTest> everySampleGivesItsExpectedFindings() throws IOException {
        List<Path> logs = SampleCheck.samples(SAMPLES);
        assertFalse(logs.isEmpty(), "no sample logs with expectations found under " + SAMPLES);
        return logs.stream().map(log -> DynamicTest.dynamicTest(SAMPLES.relativize(log).toString(), () -> {
            SampleCheck.Result r = SampleCheck.check(log, TestRules.base(), TestRules.catalog(), ZoneId.of("UTC"));
            assertNull(r.error(), r.error());
            assertEquals(r.expected(), r.actual(), () -> "findings of " + log + ":\n" + r.diff());
            for (Finding f : r.findings()) {
                assertFalse(f.evidence().isEmpty(), "a finding without evidence: " + f);
                for (Evidence e : f.evidence()) {
                    assertEquals(log.toString(), e.file(), "evidence names the file it came from");
                    assertTrue(e.line() >= 1, "evidence has a line number");
                }
            }
        }));
    }

    @Test
    void everyRuleSituationHasAPositiveAndANegativeSampleInTwoDialects() throws IOException {
        List<String> dialectsWithNegative = new ArrayList<>();
        List<Path> logs = SampleCheck.samples(SAMPLES);
        for (Path log : logs) {
            if (SampleCheck.expected(log).isEmpty()) {
                dialectsWithNegative.add(log.getParent().getFileName().toString());
            }
        }
        assertTrue(dialectsWithNegative.contains("asterisk") && dialectsWithNegative.contains("pjsip"),
                "healthy samples in both first dialects: " + dialectsWithNegative);
        for (String situation : List.of("sip-401", "sip-403", "sip-488")) {
            long dialects = logs.stream().filter(log -> {
                try {
                    return SampleCheck.expected(log).stream().anyMatch(e -> e.startsWith(situation + " "));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(log -> log.getParent().getFileName().toString()).distinct().count();
            assertTrue(dialects >= 2, situation + " needs positive samples in two dialects, has " + dialects);
        }
    }
}
