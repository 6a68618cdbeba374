package org.siphint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    private static final String ASTERISK_488 = "sample-logs/asterisk/call-not-acceptable.log";
    private static final String PJSIP_401 = "sample-logs/pjsip/register-wrong-password.log";



    @Test
    void reportOfACallIdWritesItsFindingWithTheLadder(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("call.html");
        CliRun r = CliRun.of("report", "f50947aaeb26c57d21fa5d", ASTERISK_488, "--out", page.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(page.toString(), r.out().strip());
        String html = Files.readString(page);
        assertTrue(html.contains("<svg"), "a ladder");
        assertTrue(html.contains("488 Not Acceptable Here"));
        assertEquals(2, count(html, "class=\"arrow fault"), "the offer and the 488");
        assertTrue(html.contains("sip-488"));
        assertTrue(html.contains("Enable G.711"), "the fix steps");
    }

    @Test
    void reportOfAReportIdMatchesTheFileNamesOfReplay(@TempDir Path dir) throws Exception {
        CliRun replay = CliRun.of("replay", "--report-dir", dir.toString(), ASTERISK_488, PJSIP_401);
        assertEquals(0, replay.exit(), replay.err());
        assertEquals(2, replay.out().lines().count(), "the JSON lines are unchanged: " + replay.out());
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(2, names.size(), names.toString());
        assertTrue(names.get(0).matches("sip-401-[0-9a-f]{10}\\.html"), names.toString());
        assertTrue(names.get(1).matches("sip-488-[0-9a-f]{10}\\.html"), names.toString());
        String html488 = Files.readString(dir.resolve(names.get(1)));
        assertEquals(6, count(html488, "class=\"arrow"), "written at the end of input: the ACK after the 488 is there too");

        Path again = dir.resolve("again.html");
        String id = names.get(0).replace(".html", "");
        CliRun report = CliRun.of("report", id, ASTERISK_488, PJSIP_401, "--out", again.toString());
        assertEquals(0, report.exit(), report.err());
        assertTrue(Files.readString(again).contains("sip-401"));
        assertFalse(Files.readString(again).contains("sip-488"), "only the finding asked for");
    }

    @Test
    void aHealthyCallGetsItsBareLadder(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("ok.html");
        String callId = Files.readAllLines(Path.of("sample-logs/asterisk/call-ok.log")).stream()
                .filter(l -> l.startsWith("Call-ID: ")).findFirst().orElseThrow().substring(9).strip();
        CliRun r = CliRun.of("report", callId, "sample-logs/asterisk/call-ok.log", "--out", page.toString());
        assertEquals(0, r.exit(), r.err());
        String html = Files.readString(page);
        assertTrue(html.contains("found nothing wrong"));
        assertTrue(html.contains("class=\"arrow"));
        assertFalse(html.contains("arrow fault"));
    }

    @Test
    void anUnknownIdIsAnErrorThatListsWhatThereIs(@TempDir Path dir) {
        CliRun r = CliRun.of("report", "no-such-call", ASTERISK_488, "--out", dir.resolve("x.html").toString());
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().contains("no finding and no call 'no-such-call'"), r.err());
        assertTrue(r.err().matches("(?s).*sip-488-[0-9a-f]{10}  \\(Call-ID f50947aaeb26c57d21fa5d\\).*"), r.err());
        assertFalse(Files.exists(dir.resolve("x.html")));
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
