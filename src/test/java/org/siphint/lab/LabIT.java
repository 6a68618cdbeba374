package org.siphint.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.siphint.TestTools;
import org.siphint.TestRules;
import org.siphint.event.LogEvent;
import org.siphint.finding.Finding;
import org.siphint.finding.FindingFactory;
import org.siphint.hep.HepListen;
import org.siphint.hep.HepReceiver;
import org.siphint.pipeline.Pipeline;
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
 *
 * <p>Each scenario is also seen on the wire: tcpdump's capture of it (SIP and RTP between the phone,
 * the proxy and the far end) must give the findings of its logs together, and the HEP v3 stream its
 * Kamailio mirrors to a receiver in this test (siptrace; not from a network namespace, whose
 * loopback is its own) the findings of Kamailio's sipdump log.
 */
class LabIT {

    private static final Path LAB_SCRIPT = Path.of("src/test/lab/lab.sh");
    private static final Path OUT = Path.of("target/lab");
    private static final long LAB_LIMIT_SECONDS = 300;

    private static String labOutput = "";
    /** What each scenario's Kamailio mirrored over HEP, by its source ({@code hep:ID@127.0.0.1}). */
    private static final Map<String, List<LogEvent>> HEP = new ConcurrentHashMap<>();
    private static HepReceiver.Counters hepCounters;

    @BeforeAll
    static void runLab() throws IOException, InterruptedException {
        Files.createDirectories(OUT);
        Path log = OUT.resolve("lab-run.txt");
        try (HepReceiver receiver = HepReceiver.start(List.of(HepListen.parse("udp://127.0.0.1:0")), null,
                e -> HEP.computeIfAbsent(e.getFile(), f -> Collections.synchronizedList(new ArrayList<>())).add(e))) {
            ProcessBuilder run = new ProcessBuilder("bash", LAB_SCRIPT.toString(), "run", OUT.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            run.environment().put("LAB_HEP_PORT", String.valueOf(URI.create(receiver.addresses().get(0)).getPort()));
            runLab(run.start(), log);
            Thread.sleep(500); // the last datagrams on loopback
            hepCounters = receiver.counters();
        }
    }

    private static void runLab(Process lab, Path log) throws IOException, InterruptedException {
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
        assertEquals(expected, keys(findings), () -> "findings of " + dir + ":\n" + describe(findings));

        Path capture = dir.resolve("capture.pcap");
        if (Files.exists(capture) || TestTools.onPath("tcpdump")) {
            List<Finding> fromCapture = TestRules.replay(null, capture);
            assertEquals(Set.copyOf(expectations(capture)), keys(fromCapture),
                    () -> "the capture of " + dir + " (tcpdump):\n" + describe(fromCapture));
        }
        Path hepId = dir.resolve(".hep-id");
        if (Files.exists(hepId)) {
            assertEquals(0, hepCounters.malformed.get(), hepCounters::toString);
            List<LogEvent> events = HEP.getOrDefault("hep:" + Files.readString(hepId).trim() + "@127.0.0.1", List.of());
            assertFalse(events.isEmpty(), () -> dir + ": Kamailio sent nothing over HEP; sources heard: " + HEP.keySet());
            List<Finding> fromHep = new ArrayList<>();
            try (Pipeline pipeline = new Pipeline(TestRules.base(), new FindingFactory(TestRules.catalog()), List.of(fromHep::add))) {
                synchronized (events) {
                    pipeline.acceptAll(new ArrayList<>(events));
                }
                pipeline.endOfInput();
            }
            // siptrace mirrors what the sipdump module writes: the same messages, from the proxy's view
            assertEquals(Set.copyOf(expectations(dir.resolve("kamailio-sipdump.log"))), keys(fromHep),
                    () -> "the HEP stream of " + dir + " (" + events.size() + " messages):\n" + describe(fromHep));
        }
    }

    private static Set<String> keys(List<Finding> findings) {
        Set<String> keys = new TreeSet<>();
        for (Finding f : findings) {
            if (!f.severity().equals("info")) {
                keys.add(f.situation() + " " + f.callId());
            }
        }
        return keys;
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
