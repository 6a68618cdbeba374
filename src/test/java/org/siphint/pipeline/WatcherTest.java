package org.siphint.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.TestRules;
import org.siphint.finding.Finding;
import org.siphint.finding.FindingFactory;
import org.siphint.source.LogSource;

/** The live daemon's loop on real files: lines appended to a watched file become findings. */
class WatcherTest {

    @TempDir
    Path dir;

    private List<Finding> watch(Path file, Path sample, long runMillis, long appendAfterMillis) throws Exception {
        List<Finding> findings = new CopyOnWriteArrayList<>();
        try (Pipeline pipeline = new Pipeline(TestRules.base(), new FindingFactory(TestRules.catalog()),
                List.of(findings::add));
             Watcher watcher = new Watcher(pipeline, List.of(new LogSource(file, null, null)), ZoneId.of("UTC"), false)) {
            Thread writer = new Thread(() -> {
                try {
                    Thread.sleep(appendAfterMillis);
                    Files.write(file, Files.readAllBytes(sample), StandardOpenOption.APPEND);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            watcher.run(System.currentTimeMillis() + runMillis);
            writer.join();
        }
        return findings;
    }

    @Test
    void appendedRefusalPopsUpWithoutWaitingForMoreLines() throws Exception {
        Path file = dir.resolve("full");
        Files.createFile(file);
        List<Finding> findings = watch(file, Path.of("sample-logs/asterisk/call-not-acceptable.log"), 3000, 500);
        assertEquals(1, findings.size(), findings::toString);
        assertEquals("sip-488", findings.get(0).situation());
    }

    @Test
    void absenceRuleFiresAsWallTimePasses() throws Exception {
        Path file = dir.resolve("full");
        Files.createFile(file);
        List<Finding> findings = watch(file, Path.of("sample-logs/asterisk/register-unknown-endpoint.log"), 13_000, 300);
        assertEquals(1, findings.size(), findings::toString);
        assertEquals("sip-401", findings.get(0).situation());
        assertEquals("unknown-account", findings.get(0).cause());
    }

    @Test
    void linesAlreadyInTheFileAreNotReadUnlessAsked() throws Exception {
        Path file = dir.resolve("full");
        Files.copy(Path.of("sample-logs/asterisk/call-not-acceptable.log"), file);
        List<Finding> findings = watch(file, Path.of("sample-logs/asterisk/call-ok.log"), 2500, 300);
        assertTrue(findings.isEmpty(), findings::toString);
    }
}
