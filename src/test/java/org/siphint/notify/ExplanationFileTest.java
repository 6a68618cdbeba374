package org.siphint.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.finding.Evidence;
import org.siphint.finding.Finding;

class ExplanationFileTest {

    @TempDir
    Path dir;

    @Test
    void explanationIsPlainTextWithFixesAndEvidenceInAFileNamedByTheSituation() throws Exception {
        Finding f = new Finding("../sip-488", "codecs", "error", "Not acceptable",
                java.time.Instant.ofEpochMilli(1234), "cid", "sip:1001@pbx", "Offered <b>G729</b>.", "Means this.",
                List.of("Enable PCMU."), List.of("Allow G729."), List.of(new Evidence("full", 61, "INVITE $(id) \"; rm -rf ~")), "r");
        Path file = ExplanationFile.write(dir, f);
        assertEquals(dir, file.getParent());
        assertEquals("finding----sip-488-1234.txt", file.getFileName().toString());
        String text = Files.readString(file);
        for (String expected : List.of("Not acceptable [error]", "Offered <b>G729</b>.", "Means this.", "1. Enable PCMU.",
                "1. Allow G729.", "full:61  INVITE $(id) \"; rm -rf ~", "Call-ID: cid")) {
            assertTrue(text.contains(expected), expected + " missing in:\n" + text);
        }
    }

    @Test
    void viewerGetsThePathAsOneArgument() {
        Path file = dir.resolve("a file; rm -rf ~.txt");
        assertEquals(List.of("xdg-open", file.toAbsolutePath().toString()), ExplanationFile.openCommand("Linux", file));
        assertEquals(List.of("open", file.toAbsolutePath().toString()), ExplanationFile.openCommand("Mac OS X", file));
    }

    @Test
    void cacheFolderFollowsXdgAndIgnoresARelativeOne() {
        String xdg = dir.toAbsolutePath().toString();
        assertEquals(Path.of(xdg, "siphint"), ExplanationFile.cacheDir(Map.of("XDG_CACHE_HOME", xdg), "Linux"));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "siphint"),
                ExplanationFile.cacheDir(Map.of("XDG_CACHE_HOME", "relative"), "Linux"));
    }
}
