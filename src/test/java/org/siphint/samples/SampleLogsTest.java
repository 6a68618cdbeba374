package org.siphint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.TestRules;
import org.siphint.dialect.Dialect;
import org.siphint.dialect.Dialects;
import org.siphint.dialect.LogText;
import org.siphint.finding.Evidence;
import org.siphint.finding.Finding;
import org.siphint.pipeline.SampleCheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every sample log under {@code sample-logs/} that has a {@code .expected.json} beside it is
 * replayed with the shipped rules; the findings (situation and Call-ID) must be exactly the
 * expected ones, no more and no fewer. A healthy log expects an empty list. The logs of a
 * correlated set (one call seen by the PBX and the softphone) are replayed together.
 */
class SampleLogsTest {

    private static final Path SAMPLES = Path.of("sample-logs");
    private static final Path CORRELATED = SAMPLES.resolve("correlated");
    private static final Instant CORRELATED_DATE = Instant.parse("2026-03-04T12:00:00Z");

    @TestFactory
    Stream<DynamicTest> everySampleGivesItsExpectedFindings() throws IOException {
        List<Path> logs = samples();
        assertFalse(logs.isEmpty(), "no sample logs with expectations found under " + SAMPLES);
        return logs.stream().map(log -> DynamicTest.dynamicTest(SAMPLES.relativize(log).toString(), () -> {
            SampleCheck.Result result = SampleCheck.check(log, TestRules.base(), TestRules.catalog(), ZoneId.of("UTC"));
            assertTrue(result.passed(), () -> "findings of " + log + ":\n" + result.diff() + describe(result.findings()));
            for (Finding f : result.findings()) {
                for (Evidence e : f.evidence()) {
                    assertEquals(log.toString(), e.file(), "evidence names the file it came from");
                    assertTrue(e.line() >= 1, "evidence has a line number");
                }
            }
        }));
    }

    /**
     * Sets of logs of one moment seen from several programs ({@code sample-logs/correlated/NAME/}: the
     * logs and one {@code expected.json}) are replayed together, as one timeline. Formats that log
     * only a time of day take their date from the file, so the set is replayed as written on
     * {@link #CORRELATED_DATE}, the date the Asterisk samples carry.
     */
    @TestFactory
    Stream<DynamicTest> everyCorrelatedSetGivesItsExpectedFindings(@TempDir Path tmp) throws IOException {
        List<Path> sets = correlatedSets();
        assertFalse(sets.isEmpty(), "no correlated sample sets under " + CORRELATED);
        return sets.stream().map(set -> DynamicTest.dynamicTest(SAMPLES.relativize(set).toString(), () -> {
            List<String> expected = expectedIn(set.resolve("expected.json"));
            Path copy = Files.createDirectories(tmp.resolve(set.getFileName()));
            List<Path> logs = new ArrayList<>();
            try (Stream<Path> files = Files.list(set)) {
                for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                    Path target = Files.copy(log, copy.resolve(log.getFileName()));
                    Files.setLastModifiedTime(target, FileTime.from(CORRELATED_DATE));
                    logs.add(target);
                }
            }
            assertTrue(logs.size() >= 2, set + " must hold the logs of at least two programs");
            List<Finding> findings = TestRules.replay(null, logs.toArray(Path[]::new));
            List<String> actual = new ArrayList<>();
            for (Finding f : findings) {
                if (!f.severity().equals("info")) {
                    actual.add(f.situation() + " " + f.callId());
                }
            }
            expected.sort(null);
            actual.sort(null);
            assertEquals(expected, actual, () -> "findings of " + set + ":\n" + describe(findings));
        }));
    }

    /**
     * The guard that keeps the catalog honest: every situation it documents has a positive sample in
     * at least two dialects, and every dialect with samples has a healthy one (no finding). A sample's
     * dialect is the one detection finds in its first lines, as the daemon would: the lab's
     * recordings ({@code lab/SCENARIO/}) count for the program that wrote them, and chan_sip's
     * samples for the Asterisk dialect that reads them. A correlated set counts for the pair of
     * dialects it joins ({@code asterisk+pjsip}): what only two logs together show (a SIP ALG's
     * rewriting, an INVITE that one side sent and the other never got) has its samples there.
     */
    @Test
    void everySituationHasPositiveSamplesInTwoDialectsAndEveryDialectAHealthySample() throws IOException {
        Map<String, Set<String>> dialectsBySituation = new TreeMap<>();
        Set<String> dialects = new TreeSet<>();
        Set<String> dialectsWithHealthySample = new TreeSet<>();
        for (Path log : samples()) {
            if (log.startsWith(CORRELATED)) {
                continue;
            }
            String dialect = dialectOf(log);
            dialects.add(dialect);
            List<String> expected = SampleCheck.expected(log);
            if (expected.isEmpty()) {
                dialectsWithHealthySample.add(dialect);
            }
            for (String e : expected) {
                dialectsBySituation.computeIfAbsent(e.substring(0, e.indexOf(' ')), k -> new TreeSet<>()).add(dialect);
            }
        }
        for (Path set : correlatedSets()) {
            Set<String> joined = new TreeSet<>();
            try (Stream<Path> files = Files.list(set)) {
                for (Path log : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                    joined.add(dialectOf(log));
                }
            }
            for (String e : expectedIn(set.resolve("expected.json"))) {
                dialectsBySituation.computeIfAbsent(e.substring(0, e.indexOf(' ')), k -> new TreeSet<>())
                        .add(String.join("+", joined));
            }
        }
        assertTrue(dialects.size() >= 2, "samples in at least two dialects: " + dialects);
        assertEquals(dialects, dialectsWithHealthySample, "every dialect needs a healthy sample");
        List<String> missing = new ArrayList<>();
        for (String situation : TestRules.catalog().entries().keySet()) {
            Set<String> in = dialectsBySituation.getOrDefault(situation, Set.of());
            if (in.size() < 2) {
                missing.add(situation + " " + in);
            }
        }
        assertEquals(List.of(), missing, "situations without positive samples in two dialects");
    }

    /** The dialect detection finds in the first lines of a log, as the daemon reads it. */
    static String dialectOf(Path log) throws IOException {
        if (org.siphint.capture.CaptureEvents.isCapture(log)) {
            return "capture"; // packets, not a log: read by the capture package, detected by magic number
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
            String line;
            while (lines.size() < Dialects.DETECTION_LINES && (line = in.readLine()) != null) {
                lines.add(LogText.clean(line));
            }
        }
        return Dialects.detect(lines).map(Dialect::id)
                .orElseThrow(() -> new AssertionError("no dialect recognises " + log));
    }

    static List<Path> correlatedSets() throws IOException {
        if (!Files.isDirectory(CORRELATED)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(CORRELATED)) {
            return dirs.filter(d -> Files.exists(d.resolve("expected.json"))).sorted().toList();
        }
    }

    static List<Path> samples() throws IOException {
        return SampleCheck.samples(SAMPLES);
    }

    /** A correlated set's {@code expected.json}, as {@code "situation callId"} keys. */
    static List<String> expectedIn(Path expectations) throws IOException {
        JsonNode root = new ObjectMapper().readTree(expectations.toFile());
        List<String> out = new ArrayList<>();
        root.forEach(n -> out.add(SampleCheck.key(n.get("situation").asText(), n.get("callId").asText())));
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
