package org.siphint.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.TestRules;
import org.siphint.event.Role;
import org.siphint.finding.Finding;

/**
 * A pjsip log writes only times of day: its findings are dated by the file's modification time,
 * the same way whether it is replayed ({@code replay}, {@code report}) or followed ({@code watch}).
 */
class TimeOnlyDatesTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Path SAMPLE = Path.of("sample-logs/pjsip/call-not-acceptable.log");
    private static final Pattern TIME_AT_START = Pattern.compile("^(\\d{2}:\\d{2}:\\d{2}\\.\\d{3})", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private Path copy(String text, Instant modified) throws Exception {
        Path file = dir.resolve("microsip_log.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private static Finding refusal(List<Finding> findings) {
        return findings.stream().filter(f -> f.situation().equals("sip-488")).findFirst()
                .orElseThrow(() -> new AssertionError("no sip-488 among " + findings));
    }

    @Test
    void aReplayedLogIsDatedOnItsModificationDay() throws Exception {
        Path file = copy(Files.readString(SAMPLE), Instant.parse("2025-06-10T11:40:00Z"));
        Finding f = refusal(TestRules.replay(Role.SOFTPHONE, file));
        assertEquals(LocalDate.of(2025, 6, 10), LocalDate.ofInstant(f.time(), UTC));
        assertEquals(LocalTime.parse("11:32:02.026"), LocalTime.ofInstant(f.time(), UTC));
    }

    @Test
    void aCallJustBeforeMidnightIsOfTheDayBeforeTheModification() throws Exception {
        // the call moved to 23:59:50, and the log goes on past midnight
        String text = shift(Files.readString(SAMPLE), LocalTime.parse("11:32:02").toSecondOfDay(),
                LocalTime.parse("23:59:50").toSecondOfDay())
                + "00:00:07.000           pjsua_app.c  .Idle\n";
        Path file = copy(text, Instant.parse("2025-06-11T00:00:08Z"));
        Finding f = refusal(TestRules.replay(Role.SOFTPHONE, file));
        assertEquals(Instant.parse("2025-06-10T23:59:50.026Z"), f.time());
    }

    @Test
    void aFollowedLogIsDatedAsAReplayedOne() throws Exception {
        Path file = copy(Files.readString(SAMPLE), Instant.parse("2025-06-10T11:40:00Z"));
        List<Finding> findings = TestRules.follow(file, Role.SOFTPHONE, UTC, "sip-488");
        assertFalse(findings.isEmpty(), "the followed log gave its finding");
        assertEquals(Instant.parse("2025-06-10T11:32:02.026Z"), refusal(findings).time());
    }

    /** Moves every time of day at a line start by {@code to - from} seconds, across midnight. */
    private static String shift(String text, int from, int to) {
        Matcher m = TIME_AT_START.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            LocalTime t = LocalTime.parse(m.group(1)).plusSeconds(to - from);
            m.appendReplacement(out, t.toString().length() == 8 ? t + ".000" : t.toString());
        }
        m.appendTail(out);
        return out.toString();
    }
}
