package org.siphint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.finding.Finding;

/** The history the daemon keeps in its reports folder: newest first, bounded, reread after a restart, hostile text as text. */
class HistoryTest {

    static final String HOSTILE_ACCOUNT = "sip:\"<img src=x onerror=alert(1)>\"@evil.example";
    static final String HOSTILE_SUMMARY = "The server said </script><script>alert(2)</script> & left.";

    static Finding finding(String situation, String severity, String account, String callId, Instant time, String summary) {
        return new Finding(situation, null, severity, "Title of " + situation, time, callId, account, summary,
                "explanation", List.of("fix it"), List.of(), List.of(), "rule");
    }

    @Test
    void eachFindingIsWrittenNewestFirstAndReadBackAfterARestart(@TempDir Path dir) throws IOException {
        ReportWriter reports = new ReportWriter(dir, new CallRecorder(), ReportWriter.When.AT_ONCE, 200, ZoneId.of("UTC"));
        History h = new History(dir, reports, ZoneId.of("UTC"));
        Instant t0 = Instant.parse("2026-03-04T10:00:00Z");
        List<History.Entry> heard = new ArrayList<>();
        h.onEntry(heard::add);
        Finding first = finding("sip-401", "error", "sip:alice@example.com", "c1", t0, "refused");
        reports.accept(first);
        h.accept(first);
        h.accept(finding("sip-488", "warning", "sip:bob@example.com", "c2", t0.plusSeconds(60), "codec"));
        h.accept(finding("sip-404", "warning", null, null, t0.minusSeconds(60), "older log time"));
        assertEquals(3, heard.size());
        List<History.Entry> read = History.read(dir);
        assertEquals(List.of("sip-488", "sip-401", "sip-404"), read.stream().map(History.Entry::situation).toList());
        assertEquals("sip-401-" + ReportNames.hash("c1") + ".html", read.get(1).report(), "the report it links to");
        assertNull(read.get(0).report(), "no report was written for the second one");
        String page = Files.readString(dir.resolve(History.PAGE_FILE));
        assertTrue(page.indexOf("sip-488") < page.indexOf("Title of sip-401"), "newest first in the page");
        assertEquals(1, count(page, "<a href="), "a link only where the report exists");
        assertTrue(page.contains("<a href=\"" + read.get(1).report() + "\">"));

        History again = new History(dir, reports, ZoneId.of("UTC"));
        assertEquals(read, again.recent(10), "a restart keeps the history");
        assertEquals(2, again.recent(2).size());
    }

    @Test
    void theHistoryIsBounded(@TempDir Path dir) throws IOException {
        History h = new History(dir, null, ZoneId.of("UTC"));
        Instant t0 = Instant.parse("2026-03-04T10:00:00Z");
        for (int i = 0; i < History.MAX + 20; i++) {
            h.accept(finding("sip-408", "warning", "sip:a" + i + "@x", "c" + i, t0.plusSeconds(i), "timeout"));
        }
        List<History.Entry> read = History.read(dir);
        assertEquals(History.MAX, read.size());
        assertEquals("sip:a" + (History.MAX + 19) + "@x", read.get(0).account());
    }

    @Test
    void hostileLogTextIsTextAndThePolicyAllowsOnlyThePagesScript(@TempDir Path dir) throws Exception {
        History h = new History(dir, null, ZoneId.of("UTC"));
        h.accept(finding("sip-403", "error", HOSTILE_ACCOUNT + "\u001b[31m", "c", Instant.parse("2026-03-04T10:00:00Z"),
                HOSTILE_SUMMARY));
        String page = Files.readString(dir.resolve(History.PAGE_FILE), StandardCharsets.UTF_8);
        assertFalse(page.contains("<img"), page);
        assertEquals(1, count(page, "<script"), "only the page's own script");
        assertTrue(page.contains("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt; &amp; left."), page);
        assertFalse(page.contains("\u001b"), "no terminal escape");
        Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").matcher(page);
        assertTrue(csp.find());
        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(page);
        assertTrue(script.find());
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(script.group(1).getBytes(StandardCharsets.UTF_8)));
        assertTrue(csp.group(1).replace("&#39;", "'").contains("script-src 'sha256-" + hash + "'"), csp.group(1));
        assertTrue(csp.group(1).startsWith("default-src &#39;none&#39;;"), csp.group(1));
    }

    @Test
    void aDamagedHistoryFileIsAClearError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(History.JSON_FILE), "{not json");
        IOException e = assertThrows(IOException.class, () -> History.read(dir));
        assertTrue(e.getMessage().contains("history.json is not a siphint history"), e.getMessage());
        // the daemon starts a new one rather than stopping
        History h = new History(dir, null, ZoneId.of("UTC"));
        h.accept(finding("sip-401", "error", null, "c", Instant.now(), "s"));
        assertEquals(1, History.read(dir).size());
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
