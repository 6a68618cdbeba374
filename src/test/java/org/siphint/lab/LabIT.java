package org.siphint.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.siphint.TestRules;
import org.siphint.finding.Finding;
import org.siphint.pipeline.SampleCheck;

/**
 * Runs the lab ({@code src/test/lab/lab.sh}: Kamailio, SIPp, baresip and linphonec playing each
 * situation) and replays each scenario's logs, softphone and PBX together, with the shipped rules.
 *
 * <p>A scenario must give exactly the findings its logs' {@code .expected.json} name (situation and
 * Call-ID; info findings not counted): none at all for a healthy scenario or for one the rules
 * rightly report as info only (a single 480, 5xx or 603). The lab writes those expectations as it
 * records ({@code lab.sh}'s scenario table), the same way as for {@code sample-logs/lab/}. A
 * scenario the machine cannot play (network namespaces need CAP_NET_ADMIN) is skipped with the lab's
 * reason; the others still run.
 */
class LabIT {

    private static final Path LAB_SCRIPT = Path.of("src/test/lab/lab.sh");
    private static final Path OUT = Path.of("target/lab");
    private static final long LAB_LIMIT_SECONDS = 300;

    private static String labOutput = "";

    @BeforeAll
    static void runLab() throws IOException, InterruptedException {
        Files.createDirectories(OUT);
        Path log = OUT.resolve("lab-run.txt");
        Process lab = new ProcessBuilder("bash", LAB_SCRIPT.toString(), "run", OUT.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!lab.waitFor(LAB_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            lab.destroy();
            if (!lab.waitFor(20, TimeUnit.SECONDS)) {
                lab.destroyForcibly();
            }
            fail("the lab did not finish in " + LAB_LIMIT_SECONDS + " s; see " + log);
        }
        labOutput = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, lab.exitValue(), () -> "the lab failed (install its packages with .ci/run):\n" + labOutput);
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioGivesItsExpectedFindings() throws IOException {
        List<Path> scenarios;
        try (Stream<Path> dirs = Files.list(OUT)) {
            scenarios = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(scenarios.size() >= 20, () -> "the lab played only " + scenarios.size() + " scenarios:\n" + labOutput);
        return scenarios.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path dir) throws IOException {
        String status = Files.exists(dir.resolve(".status")) ? Files.readString(dir.resolve(".status")).trim() : "";
        Assumptions.assumeFalse(status.equals("skipped"),
                () -> dir.getFileName() + " skipped by the lab: " + reason(dir.getFileName().toString()));
        assertEquals("done", status, () -> dir.getFileName() + " did not finish:\n" + labOutput);

        List<Path> logs;
        try (Stream<Path> files = Files.list(dir)) {
            logs = files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        assertTrue(logs.size() >= 2, () -> dir + " has no softphone and PBX logs: " + logs);

        Set<String> expected = new TreeSet<>();
        for (Path log : logs) {
            expected.addAll(expectations(log));
        }
        for (String e : expected) {
            String situation = e.substring(0, e.indexOf(' '));
            assertTrue(TestRules.catalog().get(situation) != null, () -> dir + " expects " + situation
                    + ", which the catalog does not know");
        }

        List<Finding> findings = TestRules.replay(null, logs.toArray(Path[]::new));
        Set<String> actual = new TreeSet<>();
        for (Finding f : findings) {
            if (!f.severity().equals("info")) {
                actual.add(f.situation() + " " + f.callId());
            }
        }
        assertEquals(expected, actual, () -> "findings of " + dir + ":\n" + describe(findings));
    }

    /** A log's expectations, read as {@code siphint rules test} reads them. */
    private static List<String> expectations(Path log) throws IOException {
        return Files.exists(SampleCheck.expectationsOf(log)) ? SampleCheck.expected(log) : List.of();
    }

    private static String reason(String scenario) {
        return labOutput.lines().filter(l -> l.startsWith("lab: " + scenario + " skipped")).findFirst()
                .orElse("see " + OUT.resolve("lab-run.txt"));
    }

    private static String describe(List<Finding> findings) {
        StringBuilder s = new StringBuilder();
        for (Finding f : findings) {
            s.append("  ").append(f.situation()).append('/').append(f.cause()).append(' ').append(f.severity())
                    .append(" call=").append(f.callId()).append(": ").append(f.summary()).append('\n');
        }
        return s.toString();
    }
}
