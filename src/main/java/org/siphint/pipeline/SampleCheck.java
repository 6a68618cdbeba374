package org.siphint.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.kie.api.KieBase;
import org.siphint.finding.Catalog;
import org.siphint.finding.Finding;
import org.siphint.finding.FindingFactory;
import org.siphint.source.LogSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Replays sample logs against the expectations written beside them: {@code NAME.log} with
 * {@code NAME.log.expected.json}, a list of {@code {"situation": ..., "callId": ..., "cause": ...}}
 * (empty for a healthy log; {@code cause} is optional, and checked when given). Warning and error
 * findings must match exactly; info findings are not counted.
 * Used by {@code siphint rules test} and by the project's own sample test.
 */
public final class SampleCheck {

    public static final String SUFFIX = ".expected.json";

    /** The outcome for one sample. */
    public record Result(Path log, List<String> expected, List<String> actual, List<Finding> findings, String error) {

        public boolean passed() {
            return error == null && expected.equals(actual);
        }

        /** Expected findings missing ({@code -}) and unexpected ones ({@code +}), one per line. */
        public String diff() {
            if (error != null) {
                return "  ! " + error + "\n";
            }
            StringBuilder s = new StringBuilder();
            List<String> missing = new ArrayList<>(expected);
            actual.forEach(missing::remove);
            List<String> extra = new ArrayList<>(actual);
            expected.forEach(extra::remove);
            missing.forEach(m -> s.append("  - expected ").append(m).append('\n'));
            extra.forEach(e -> s.append("  + found    ").append(e).append(describe(e)).append('\n'));
            return s.toString();
        }

        private String describe(String key) {
            for (Finding f : findings) {
                if (key.equals(key(f.situation(), f.callId())) || key.equals(key(f.situation(), f.callId(), f.cause()))) {
                    return "  (" + f.cause() + ", rule \"" + f.rule() + "\": " + f.summary() + ")";
                }
            }
            return "";
        }
    }

    private SampleCheck() {
    }

    /** Every sample log with expectations under {@code root}, in path order. */
    public static List<Path> samples(Path root) throws IOException {
        if (Files.isRegularFile(root)) {
            return List.of(root);
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> Files.isRegularFile(p) && !p.toString().endsWith(SUFFIX))
                    .filter(p -> Files.exists(expectationsOf(p))).sorted().toList();
        }
    }

    public static Path expectationsOf(Path log) {
        return log.resolveSibling(log.getFileName() + SUFFIX);
    }

    /** The expected findings as sorted {@code "situation callId"} keys, {@code "situation callId (cause)"} when a cause is given. */
    public static List<String> expected(Path log) throws IOException {
        JsonNode root = new ObjectMapper().readTree(expectationsOf(log).toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(expectationsOf(log) + ": must be a JSON list of {situation, callId}");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : root) {
            if (!n.hasNonNull("situation")) {
                throw new IOException(expectationsOf(log) + ": every entry needs a situation");
            }
            String situation = n.get("situation").asText();
            String callId = n.hasNonNull("callId") ? n.get("callId").asText() : null;
            out.add(n.hasNonNull("cause") ? key(situation, callId, n.get("cause").asText()) : key(situation, callId));
        }
        out.sort(null);
        return out;
    }

    public static String key(String situation, String callId) {
        return situation + " " + callId;
    }

    public static String key(String situation, String callId, String cause) {
        return key(situation, callId) + " (" + cause + ")";
    }

    /** Replays one sample and compares. */
    public static Result check(Path log, KieBase rules, Catalog catalog, ZoneId zone) {
        List<String> expected;
        try {
            expected = expected(log);
        } catch (IOException e) {
            return new Result(log, List.of(), List.of(), List.of(), e.getMessage());
        }
        List<Finding> findings = new ArrayList<>();
        try (Pipeline pipeline = new Pipeline(rules, new FindingFactory(catalog), List.of(findings::add))) {
            new Replay(zone).run(List.of(new LogSource(log, null, null)), pipeline);
        } catch (IOException | RuntimeException e) {
            return new Result(log, expected, List.of(), findings, e.toString());
        }
        // a finding is compared with its cause where the expectations name one for its situation and call
        java.util.Set<String> withCause = new java.util.HashSet<>();
        for (String e : expected) {
            if (e.endsWith(")") && e.contains(" (")) {
                withCause.add(e.substring(0, e.lastIndexOf(" (")));
            }
        }
        List<String> actual = new ArrayList<>();
        for (Finding f : findings) {
            if (f.severityLevel().popsUp()) {
                String key = key(f.situation(), f.callId());
                actual.add(withCause.contains(key) ? key(f.situation(), f.callId(), f.cause()) : key);
            }
        }
        actual.sort(null);
        return new Result(log, expected, actual, findings, null);
    }
}
