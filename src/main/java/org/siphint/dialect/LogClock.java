package org.siphint.dialect;

import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.time.temporal.ChronoUnit;

/**
 * Turns the local times a log writes into instants, for one file.
 *
 * <p>Formats that write only a time of day (pjsua, FreeSWITCH siptrace headers, baresip) get the
 * file's first date and move to the next day when the clock goes back by more than an hour (threads
 * may log a few milliseconds out of order; that is not midnight). Formats that write no year
 * (Asterisk's default, syslog) get the year of the file's date, and the previous year for a date
 * after it (a December log read in January). Lines without any time get the last time seen; before
 * any, the file's undated time (see {@link LogContext#undated()}).
 */
public final class LogClock {

    /** How far back a time of day must go to be the next day; {@code LogDates} counts midnights the same way. */
    public static final long ROLLOVER_SLACK_SECONDS = 3600;

    private final ZoneId zone;
    private final LocalDate firstDate;
    private LocalDate date;
    private LocalTime lastTime;
    private final InstantSource undated;
    private Instant last;
    private String memoText;
    private Instant memoInstant;
    /** The zone's offset over a span of local times far from any transition (see {@link #instantOf}). */
    private int spanOffset;
    private long spanFrom = Long.MAX_VALUE;
    private long spanUntil = Long.MIN_VALUE;

    /** A clock whose lines before any time fall at the start of {@code firstDate}. */
    public LogClock(LocalDate firstDate, ZoneId zone) {
        this(firstDate, zone, InstantSource.fixed(firstDate.atStartOfDay(zone).toInstant()));
    }

    public LogClock(LocalDate firstDate, ZoneId zone, InstantSource undated) {
        this.zone = zone;
        this.firstDate = firstDate;
        this.date = firstDate;
        this.undated = undated;
    }

    /** A time of day without a date. */
    public Instant at(LocalTime time) {
        if (lastTime != null && time.isBefore(lastTime)
                && ChronoUnit.SECONDS.between(time, lastTime) > ROLLOVER_SLACK_SECONDS) {
            date = date.plusDays(1);
        }
        lastTime = time;
        return remember(instantOf(LocalDateTime.of(date, time)));
    }

    /** A full local date and time. */
    public Instant at(LocalDateTime dateTime) {
        date = dateTime.toLocalDate();
        lastTime = dateTime.toLocalTime();
        return remember(instantOf(dateTime));
    }

    /** A month, day and time without a year. */
    public Instant at(Month month, int day, LocalTime time) {
        int year = firstDate.getYear();
        LocalDate candidate = LocalDate.of(year, month, Math.min(day, month.length(java.time.Year.isLeap(year))));
        if (candidate.isAfter(firstDate.plusDays(1))) {
            candidate = candidate.minusYears(1);
        }
        return at(LocalDateTime.of(candidate, time));
    }

    /** An instant the log wrote as such (epoch seconds, or with a zone). */
    public Instant at(Instant instant) {
        return remember(instant);
    }

    /** The last time seen, else the undated time: the time of a line that has none. */
    public Instant last() {
        return last != null ? last : undated.instant();
    }

    /**
     * The instant of a date text this clock turned into one by the last call: a log writes the same
     * second on line after line, and parsing a date is a good part of reading a record. Null when
     * the text differs or the clock has moved since.
     */
    public Instant cached(String text) {
        return memoInstant != null && text.equals(memoText) ? memoInstant : null;
    }

    /** Notes the instant a date text gave, for {@link #cached(String)}. */
    public void cache(String text, Instant instant) {
        memoText = text;
        memoInstant = instant;
    }

    /**
     * A local time of the log's zone as an instant. The zone's rules are asked once per span between
     * two of its transitions, not once per new second the log writes: every local time at least two
     * days from a transition has the span's offset and one instant (offsets are under a day).
     */
    private Instant instantOf(LocalDateTime local) {
        long localSeconds = local.toEpochSecond(ZoneOffset.UTC);
        if (localSeconds >= spanFrom && localSeconds < spanUntil) {
            return Instant.ofEpochSecond(localSeconds - spanOffset, local.getNano());
        }
        Instant instant = local.atZone(zone).toInstant();
        ZoneRules rules = zone.getRules();
        // a transition at this very instant is the span's start (previousTransition looks strictly before)
        ZoneOffsetTransition previous = rules.previousTransition(instant.plusSeconds(1));
        ZoneOffsetTransition next = rules.nextTransition(instant);
        spanOffset = rules.getOffset(instant).getTotalSeconds();
        spanFrom = previous == null ? Long.MIN_VALUE : previous.toEpochSecond() + 2 * 86_400L;
        spanUntil = next == null ? Long.MAX_VALUE : next.toEpochSecond() - 2 * 86_400L;
        return instant;
    }

    private Instant remember(Instant instant) {
        last = instant;
        memoText = null; // any other date read since may have moved the day
        memoInstant = null;
        return instant;
    }
}
