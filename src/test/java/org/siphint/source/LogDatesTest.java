package org.siphint.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The date a log that writes only times of day is read with, from the file's modification time. */
class LogDatesTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;

    private Path log(String text, String modified) throws Exception {
        Path file = dir.resolve("log-" + System.nanoTime() + ".txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(ZonedDateTime.of(java.time.LocalDateTime.parse(modified), ZONE).toInstant()));
        return file;
    }

    @Test
    void theLastLineIsOfTheModificationDay() throws Exception {
        Path file = log("""
                10:12:01.000         os_core_unix.c  pjlib initialized
                10:12:01.062            pjsua_acc.c  registration failed
                """, "2025-06-10T10:12:02");
        assertEquals(LocalDate.of(2025, 6, 10), LogDates.firstDate(file, ZONE, 0));
    }

    @Test
    void aLastLineLaterThanTheModificationTimeWasWrittenTheDayBefore() throws Exception {
        Path file = log("23:59:58.000 pjsua_core.c  last words\n", "2025-06-11T00:00:03");
        assertEquals(LocalDate.of(2025, 6, 10), LogDates.firstDate(file, ZONE, 0));
    }

    @Test
    void linesBeforeEachMidnightBelongToTheDayBefore() throws Exception {
        String firstDay = "22:00:00.000 a.c  first day\n23:59:59.500 a.c  still the first day\n";
        String text = firstDay
                + "00:00:00.100 a.c  second day\n[12:00:00.000]#\n"
                + "00:30:00.000|  third day\n";
        Path file = log(text, "2025-06-12T00:30:01");
        assertEquals(LocalDate.of(2025, 6, 10), LogDates.firstDate(file, ZONE, 0));
        // read from the second day's first line on, one midnight is left
        assertEquals(LocalDate.of(2025, 6, 11),
                LogDates.firstDate(file, ZONE, firstDay.getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void threadsLoggingSlightlyOutOfOrderAreNotMidnight() throws Exception {
        Path file = log("10:00:05.000 a.c  x\n10:00:04.900 b.c  y\n09:30:00.000 c.c  z\n", "2025-06-10T10:00:06");
        assertEquals(LocalDate.of(2025, 6, 10), LogDates.firstDate(file, ZONE, 0));
    }

    @Test
    void aLogThatWritesDatesGetsItsModificationDate() throws Exception {
        Path file = log("[Mar  4 23:59:58] NOTICE[1] chan_sip.c: x\n[Mar  5 00:00:02] NOTICE[1] chan_sip.c: y\n",
                "2025-03-05T09:00:00");
        assertEquals(LocalDate.of(2025, 3, 5), LogDates.firstDate(file, ZONE, 0));
    }

    @Test
    void whatIsNotWrittenYetIsWrittenToday() throws Exception {
        Path file = log("10:12:01.000 a.c  old\n", "2020-01-01T10:12:02");
        assertEquals(LocalDate.now(ZONE), LogDates.firstDate(file, ZONE, Files.size(file)));
    }

    @Test
    void aTimeOfDayIsReadOnlyWhereTheFormatsWriteIt() {
        assertEquals(3600 * 10 + 60 * 12 + 1, LogDates.timeOfDay("10:12:01.000 x".getBytes(), 0, 14));
        assertEquals(3600 * 10 + 60 * 12 + 1, LogDates.timeOfDay("[10:12:01.000]#".getBytes(), 0, 15));
        assertEquals(-1, LogDates.timeOfDay("Via: SIP/2.0/UDP".getBytes(), 0, 16));
        assertEquals(-1, LogDates.timeOfDay("25:12:01 x".getBytes(), 0, 10));
        assertEquals(-1, LogDates.timeOfDay("10:12:011".getBytes(), 0, 9));
        assertEquals(-1, LogDates.timeOfDay("10:12".getBytes(), 0, 5));
    }
}
