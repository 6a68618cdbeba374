package org.siphint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.finding.Finding;
import org.siphint.report.History;

/** {@code siphint history}: the last findings on the console, the page in the configured browser. */
class HistoryCommandTest {

    private static Finding finding(String situation, String account, Instant time) {
        return new Finding(situation, null, "error", "Title of " + situation, time, "call-" + situation, account,
                "Summary \u001b[2J of " + situation, "explanation", List.of("fix"), List.of(), List.of(), "rule");
    }

    @Test
    void printsTheLastFindingsNewestFirst(@TempDir Path dir) {
        CliRun empty = CliRun.of("history", "--report-dir", dir.toString());
        assertEquals(0, empty.exit(), empty.err());
        assertTrue(empty.out().startsWith("No finding yet in "), empty.out());

        History h = new History(dir, null, ZoneId.of("UTC"));
        Instant t = Instant.parse("2026-03-04T10:00:00Z");
        h.accept(finding("sip-401", "sip:alice@example.com", t));
        h.accept(finding("sip-488", null, t.plusSeconds(5)));
        CliRun r = CliRun.of("history", "--report-dir", dir.toString(), "--zone", "UTC");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("2026-03-04 10:00:05  ERROR  sip-488  Title of sip-488\n"), r.out());
        assertTrue(r.out().contains("2026-03-04 10:00:00  ERROR  sip-401  sip:alice@example.com  Title of sip-401\n"), r.out());
        assertFalse(r.out().contains("\u001b"), "a terminal escape from a log reached the console");
        CliRun one = CliRun.of("history", "--report-dir", dir.toString(), "-n", "1");
        assertEquals(2, one.out().lines().count(), one.out());
        assertEquals(2, CliRun.of("history", "-n", "0").exit());
    }

    @Test
    void openStartsTheConfiguredBrowserOnThePage(@TempDir Path dir) throws Exception {
        Path reports = dir.resolve("reports");
        Path config = dir.resolve("config.yaml");
        Path opened = dir.resolve("opened.txt");
        Path browser = dir.resolve("browser.sh");
        // written aside and moved in: the test sees the file only once it holds the address
        Files.writeString(browser, "#!/bin/sh\nprintf '%s\\n' \"$1\" > '" + opened + ".part' && mv '" + opened
                + ".part' '" + opened + "'\n");
        Files.setPosixFilePermissions(browser, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(config, "reportDir: " + reports + "\nbrowser: " + browser + "\n");
        CliRun none = CliRun.of("history", "--config", config.toString(), "--open");
        assertEquals(1, none.exit());
        assertTrue(none.err().contains("no history page yet"), none.err());

        new History(reports, null, ZoneId.of("UTC")).accept(finding("sip-401", null, Instant.now()));
        CliRun r = CliRun.of("history", "--config", config.toString(), "--open");
        assertEquals(0, r.exit(), r.err());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(opened) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(reports.resolve(History.PAGE_FILE).toAbsolutePath().toString(), Files.readString(opened).strip());
        assertEquals(1, CliRun.of("history", "--report-dir", "none").exit());
    }
}
