package org.siphint.dialect.anytext;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneOffset;

import org.siphint.dialect.LogClock;

/**
 * Finds the time a log line was written, in the forms most logs use, by scanning characters (no
 * regex): the leftmost of
 * <ul>
 * <li>ISO 8601 {@code 2026-03-04 10:12:01}, with {@code T}, a fraction ({@code .} or {@code ,}) and
 * a zone ({@code Z}, {@code +01:00}, {@code +0100}) or not; also {@code 2026/03/04 10:12:01};</li>
 * <li>day first {@code 4/3/2026 10:12:01}, {@code 04.03.2026}, {@code 4-3-2026} (Twinkle), one or two
 * digits each; when the second number cannot be a month (over 12) the first is read as the month;</li>
 * <li>syslog {@code Mar  4 10:12:01}: the year is the file's (see {@link LogClock});</li>
 * <li>a time of day alone {@code 10:12:01.123}: the date is the file's, moved on at midnight;</li>
 * <li>epoch seconds with a fraction in brackets {@code [1772619121.123]}.</li>
 * </ul>
 * Only the first {@link #SCAN} characters of a line are looked at. A date that does not exist
 * (month 0) is skipped and its time of day read alone.
 */
final class Timestamps {

    /** How far into a line a timestamp is looked for. */
    static final int SCAN = 64;

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private Timestamps() {
    }

    /** The instant of the leftmost timestamp in the line's head, read by {@code clock}, or null. */
    static Instant find(String line, LogClock clock) {
        int end = Math.min(line.length(), SCAN);
        for (int i = 0; i < end; i++) {
            char c = line.charAt(i);
            if (c >= '0' && c <= '9') {
                if (i > 0 && isDigit(line, i - 1)) {
                    continue;
                }
                Instant t = numeric(line, i, clock);
                if (t != null) {
                    return t;
                }
            } else if (c >= 'A' && c <= 'S' && (i == 0 || !Character.isLetter(line.charAt(i - 1)))) {
                Instant t = syslog(line, i, clock);
                if (t != null) {
                    return t;
                }
            } else if (c == '[') {
                Instant t = epoch(line, i, clock);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    private static Instant numeric(String s, int i, LogClock clock) {
        int n1 = digits(s, i);
        if (n1 == 4 && i + 10 <= s.length() && (s.charAt(i + 4) == '-' || s.charAt(i + 4) == '/')
                && s.charAt(i + 7) == s.charAt(i + 4) && digits(s, i + 5) == 2 && digits(s, i + 8) == 2) {
            int sep = i + 10;
            if (sep < s.length() && (s.charAt(sep) == 'T' || s.charAt(sep) == ' ')) {
                LocalDate date = date(num(s, i, 4), num(s, i + 5, 2), num(s, i + 8, 2));
                return date == null ? null : dateTime(s, date, sep + 1, clock);
            }
            return null;
        }
        if (n1 == 1 || n1 == 2) {
            int p = i + n1;
            if (p < s.length() && (s.charAt(p) == '/' || s.charAt(p) == '.' || s.charAt(p) == '-')) {
                char sep = s.charAt(p);
                int n2 = digits(s, p + 1);
                int q = p + 1 + n2;
                if ((n2 == 1 || n2 == 2) && q < s.length() && s.charAt(q) == sep && digits(s, q + 1) == 4
                        && q + 5 < s.length() && s.charAt(q + 5) == ' ') {
                    int a = num(s, i, n1);
                    int b = num(s, p + 1, n2);
                    int year = num(s, q + 1, 4);
                    LocalDate date = b > 12 && a <= 12 ? date(year, a, b) : date(year, b, a);
                    return date == null ? null : dateTime(s, date, q + 6, clock);
                }
                return null;
            }
            if (n1 == 2 && (i == 0 || s.charAt(i - 1) != ':' && s.charAt(i - 1) != '.')) {
                int end = timeEnd(s, i);
                if (end > 0) {
                    LocalTime time = time(s, i, end);
                    return time == null ? null : clock.at(time);
                }
            }
        }
        return null;
    }

    /** A time of day at {@code at} after a date, with an optional zone. */
    private static Instant dateTime(String s, LocalDate date, int at, LogClock clock) {
        int end = timeEnd(s, at);
        if (end < 0) {
            return null;
        }
        LocalTime time = time(s, at, end);
        if (time == null) {
            return null;
        }
        LocalDateTime local = LocalDateTime.of(date, time);
        ZoneOffset zone = zone(s, end);
        return zone == null ? clock.at(local) : clock.at(local.toInstant(zone));
    }

    private static ZoneOffset zone(String s, int at) {
        if (at >= s.length()) {
            return null;
        }
        char c = s.charAt(at);
        if (c == 'Z' && (at + 1 == s.length() || !Character.isLetterOrDigit(s.charAt(at + 1)))) {
            return ZoneOffset.UTC;
        }
        if ((c == '+' || c == '-') && digits(s, at + 1) >= 2) {
            int hours = num(s, at + 1, 2);
            int minutes = 0;
            if (digits(s, at + 1) == 4) {
                minutes = num(s, at + 3, 2);
            } else if (at + 3 < s.length() && s.charAt(at + 3) == ':' && digits(s, at + 4) == 2) {
                minutes = num(s, at + 4, 2);
            } else if (digits(s, at + 1) != 2) {
                return null;
            }
            try {
                return ZoneOffset.ofHoursMinutes(c == '-' ? -hours : hours, c == '-' ? -minutes : minutes);
            } catch (DateTimeException e) {
                return null;
            }
        }
        return null;
    }

    /** Where a {@code HH:MM:SS} time with an optional fraction starting at {@code i} ends, or -1. */
    private static int timeEnd(String s, int i) {
        if (digits(s, i) != 2 || i + 8 > s.length() || s.charAt(i + 2) != ':' || digits(s, i + 3) != 2
                || s.charAt(i + 5) != ':' || digits(s, i + 6) != 2) {
            return -1;
        }
        int end = i + 8;
        if (end + 1 < s.length() && (s.charAt(end) == '.' || s.charAt(end) == ',') && isDigit(s, end + 1)) {
            end += 1 + digits(s, end + 1);
        } else if (end < s.length() && s.charAt(end) == ':' && isDigit(s, end + 1)) {
            return -1; // a longer number group (an address, a duration): not a time of day
        }
        return end;
    }

    private static LocalTime time(String s, int i, int end) {
        int h = num(s, i, 2);
        int m = num(s, i + 3, 2);
        int sec = num(s, i + 6, 2);
        if (h > 23 || m > 59 || sec > 59) {
            return null;
        }
        int nanos = 0;
        if (end > i + 9) {
            int len = Math.min(end - (i + 9), 9);
            nanos = num(s, i + 9, len);
            for (int k = len; k < 9; k++) {
                nanos *= 10;
            }
        }
        return LocalTime.of(h, m, sec, nanos);
    }

    private static Instant syslog(String s, int i, LogClock clock) {
        if (i + 15 > s.length() || s.charAt(i + 3) != ' ') {
            return null;
        }
        int month = -1;
        for (int m = 0; m < 12; m++) {
            if (s.startsWith(MONTHS[m], i)) {
                month = m;
                break;
            }
        }
        if (month < 0) {
            return null;
        }
        int p = i + 4;
        if (s.charAt(p) == ' ') {
            p++;
        }
        int n = digits(s, p);
        if (n < 1 || n > 2 || p + n >= s.length() || s.charAt(p + n) != ' ') {
            return null;
        }
        int day = num(s, p, n);
        int end = timeEnd(s, p + n + 1);
        if (day < 1 || day > 31 || end < 0) {
            return null;
        }
        LocalTime time = time(s, p + n + 1, end);
        return time == null ? null : clock.at(Month.of(month + 1), day, time);
    }

    private static Instant epoch(String s, int i, LogClock clock) {
        int n = digits(s, i + 1);
        int dot = i + 1 + n;
        if (n < 9 || n > 10 || dot >= s.length() || s.charAt(dot) != '.') {
            return null;
        }
        int f = digits(s, dot + 1);
        if (f < 1 || dot + 1 + f >= s.length() || s.charAt(dot + 1 + f) != ']') {
            return null;
        }
        long seconds = Long.parseLong(s, i + 1, dot, 10);
        int len = Math.min(f, 9);
        long nanos = Long.parseLong(s, dot + 1, dot + 1 + len, 10);
        for (int k = len; k < 9; k++) {
            nanos *= 10;
        }
        return clock.at(Instant.ofEpochSecond(seconds, nanos));
    }

    private static LocalDate date(int year, int month, int day) {
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null; // Jitsi writes January as month 00
        }
    }

    private static boolean isDigit(String s, int i) {
        return i >= 0 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    /** How many digits follow from {@code i} (at most 12 counted). */
    private static int digits(String s, int i) {
        int n = 0;
        while (i + n < s.length() && n < 12 && isDigit(s, i + n)) {
            n++;
        }
        return n;
    }

    private static int num(String s, int i, int len) {
        int v = 0;
        for (int k = 0; k < len; k++) {
            v = v * 10 + (s.charAt(i + k) - '0');
        }
        return v;
    }
}
