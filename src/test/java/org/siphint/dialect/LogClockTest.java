package org.siphint.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LogClockTest {

    private static final String[] ZONES = {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
        "UTC", "Pacific/Apia"};

    @Test
    void everyLocalTimeOfAYearIsTheInstantTheZoneSays() {
        for (String id : ZONES) {
            ZoneId zone = ZoneId.of(id);
            LogClock clock = new LogClock(LocalDate.of(2026, 1, 1), zone);
            // forward, as a log goes, through both of the year's transitions and their gaps and overlaps
            LocalDateTime t = LocalDateTime.of(2026, 1, 1, 0, 0, 0, 123_000_000);
            for (int i = 0; i < 80_000; i++) {
                assertEquals(t.atZone(zone).toInstant(), clock.at(t), id + " " + t);
                t = t.plusSeconds(433);
            }
        }
    }

    @Test
    void timesOutOfOrderAndNearTransitionsToo() {
        Random random = new Random(3);
        for (String id : ZONES) {
            ZoneId zone = ZoneId.of(id);
            LogClock clock = new LogClock(LocalDate.of(2026, 1, 1), zone);
            for (int i = 0; i < 20_000; i++) {
                LocalDateTime t = LocalDateTime.of(2025, 1, 1, 0, 0).plusSeconds(random.nextInt(3 * 365 * 86_400));
                assertEquals(t.atZone(zone).toInstant(), clock.at(t), id + " " + t);
            }
            // minute by minute through the spring gap and the autumn overlap of Berlin's 2026
            for (LocalDateTime t = LocalDateTime.of(2026, 3, 27, 0, 0); t.isBefore(LocalDateTime.of(2026, 11, 2, 0, 0));
                    t = t.plusMinutes(t.getMonthValue() == 3 || t.getMonthValue() >= 10 ? 1 : 997)) {
                assertEquals(t.atZone(zone).toInstant(), clock.at(t), id + " " + t);
            }
        }
    }

    @Test
    void aTimeOfDayKeepsTheDateAndTurnsAtMidnight() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        LogClock clock = new LogClock(LocalDate.of(2026, 3, 28), berlin);
        assertEquals(LocalDateTime.of(2026, 3, 28, 23, 59, 59).atZone(berlin).toInstant(),
                clock.at(LocalTime.of(23, 59, 59)));
        // past midnight into the night the clocks go forward
        assertEquals(LocalDateTime.of(2026, 3, 29, 3, 0, 1).atZone(berlin).toInstant(), clock.at(LocalTime.of(3, 0, 1)));
    }
}
