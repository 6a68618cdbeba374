package org.siphint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.siphint.TestRules;
import org.siphint.finding.Evidence;
import org.siphint.finding.Finding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
        List<Path> logs = samples();
        assertFalse(logs.isEmpty(), "no sample logs with expectations found under " + SAMPLES);
        return logs.stream().map(log -> DynamicTest.dynamicTest(SAMPLES.relativize(log).toString(), () -> {
            List<String> expected = expected(log);
            // a situation the catalog does not know yet has no rule to find it: pending, not asserted
            expected.removeIf(e -> TestRules.catalog().get(e.substring(0, e.indexOf(' '))) == null);
            List<Finding> findings = TestRules.replay(null, log);
            List<String> actual = new ArrayList<>();
            for (Finding f : findings) {
                if (!f.severity().equals("info")) {
                    actual.add(f.situation() + " " + f.callId());
                }
                for (Evidence e : f.evidence()) {
                    assertEquals(log.toString(), e.file(), "evidence names the file it came from");
                    assertTrue(e.line() >= 1, "evidence has a line number");
                }
            }
            expected.sort(null);
            actual.sort(null);
            assertEquals(expected, actual, () -> "findings of " + log + ":\n" + describe(findings));
        }));
    }

    @Test
    void everyRuleSituationHasAPositiveAndANegativeSampleInTwoDialects() throws IOException {
        List<String> dialectsWithNegative = new ArrayList<>();
        for (Path log : samples()) {
            if (expected(log).isEmpty()) {
                dialectsWithNegative.add(log.getParent().getFileName().toString());
            }
        }
        assertTrue(dialectsWithNegative.contains("asterisk") && dialectsWithNegative.contains("pjsip"),
                "healthy samples in both first dialects: " + dialectsWithNegative);
        for (String situation : List.of("sip-401", "sip-403", "sip-488")) {
            long dialects = samples().stream().filter(log -> {
                try {
                    return expected(log).stream().anyMatch(e -> e.startsWith(situation + " "));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(log -> log.getParent().getFileName().toString()).distinct().count();
            assertTrue(dialects >= 2, situation + " needs positive samples in two dialects, has " + dialects);
        }
    }

    static List<Path> samples() throws IOException {
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".log"))
                    .filter(p -> Files.exists(expectationsOf(p))).sorted().toList();
        }
    }

    static Path expectationsOf(Path log) {
        return log.resolveSibling(log.getFileName() + ".expected.json");
    }

    static List<String> expected(Path log) throws IOException {
        JsonNode root = new ObjectMapper().readTree(expectationsOf(log).toFile());
        List<String> out = new ArrayList<>();
        root.forEach(n -> out.add(n.get("situation").asText() + " " + n.get("callId").asText()));
        return out;
    }

    private static String describe(List<Finding> findings) {
        StringBuilder s = new StringBuilder();
        for (Finding f : findings) {
            s.append("  ").append(f.situation()).append('/').append(f.cause()).append(' ').append(f.severity())
                    .append(" call=").append(f.callId()).append(" rule=").append(f.rule()).append(": ")
                    .append(f.summary()).append('\n');
        }
        return s.toString();
    }
}
