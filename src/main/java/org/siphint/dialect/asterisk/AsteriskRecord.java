package org.siphint.dialect.asterisk;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.dialect.LogClock;

/**
 * The record prefix Asterisk's logger writes in its files ({@code main/logger.c}):
 * {@code [date] LEVEL[lwp][C-callid] file: text} for the default formatter and
 * {@code [date] LEVEL[lwp]: file:line function: text} for the plain formatter and the console.
 * The date is {@code %b %e %T} by default (no year, day padded with a space) or {@code %F %T}
 * (FreePBX), optionally with milliseconds. The syslog channel writes
 * {@code Nov  4 18:30:40 host asterisk[32229]: NOTICE[32257]: chan_sip.c:23417 in handle_request_register: text}.
 *
 * @param time   the record's time
 * @param level  NOTICE, WARNING, VERBOSE, ...
 * @param source the source file that logged it (e.g. {@code res_pjsip_logger.c})
 * @param text   what follows the prefix (may be empty: chan_sip debug records start with a newline)
 */
record AsteriskRecord(Instant time, String level, String source, String text) {

    private static final Pattern PREFIX = Pattern.compile(
            "^\\[([^\\]]{8,40})\\] ([A-Z]+)\\[(\\d+)\\](?:\\[(C-[0-9a-fA-F]+)\\])?:? ([\\w./-]+?)(?::\\d+ [\\w]+)?:(?: (.*))?$");

    private static final Pattern SYSLOG = Pattern.compile(
            "^([A-Z][a-z]{2} +\\d{1,2} \\d\\d:\\d\\d:\\d\\d) \\S+ asterisk\\[\\d+\\]: ([A-Z]+)\\[(\\d+)\\](?:\\[(C-[0-9a-fA-F]+)\\])?:? ([\\w./-]+?)(?::\\d+)?(?: in)? (?:[\\w]+:)(?: (.*))?$");

    private static final Month[] MONTHS = Month.values();

    /** Parses a record prefix, or answers null for a line that is not one (cheap for other lines). */
    static AsteriskRecord parse(String line, LogClock clock) {
        if (line.isEmpty()) {
            return null;
        }
        if (line.charAt(0) != '[') {
            return mayBeSyslog(line) ? parseSyslog(line, clock) : null;
        }
        return parsePrefix(line, clock);
    }

    /**
     * {@link #PREFIX} read by hand: it is tried on every line that starts with a bracket, and the
     * regex cost more than the rest of the record line's handling. The same language: {@code [},
     * 8 to 40 characters other than {@code ]}, {@code ] }, upper-case letters, {@code [digits]},
     * an optional {@code [C-hex]}, an optional colon, a space, the source file ({@code [\w./-]+}),
     * optionally {@code :line function}, a colon, then the end or a space and the text. Like the
     * regex's {@code .*}, the text holds no line terminator.
     */
    static AsteriskRecord parsePrefix(String line, LogClock clock) {
        int n = line.length();
        int close = line.indexOf(']', 1);
        if (close < 9 || close > 41 || close + 1 >= n || line.charAt(close + 1) != ' ') {
            return null;
        }
        int i = close + 2;
        int levelStart = i;
        while (i < n && line.charAt(i) >= 'A' && line.charAt(i) <= 'Z') {
            i++;
        }
        if (i == levelStart || i >= n || line.charAt(i) != '[') {
            return null;
        }
        int levelEnd = i++;
        int digits = i;
        while (i < n && isDigit(line.charAt(i))) {
            i++;
        }
        if (i == digits || i >= n || line.charAt(i) != ']') {
            return null;
        }
        i++;
        if (i < n && line.charAt(i) == '[') {
            // [C-hex]
            if (i + 3 >= n || line.charAt(i + 1) != 'C' || line.charAt(i + 2) != '-') {
                return null;
            }
            int j = i + 3;
            while (j < n && Character.digit(line.charAt(j), 16) >= 0 && line.charAt(j) < 128) {
                j++;
            }
            if (j == i + 3 || j >= n || line.charAt(j) != ']') {
                return null;
            }
            i = j + 1;
        }
        if (i < n && line.charAt(i) == ':') {
            i++;
        }
        if (i >= n || line.charAt(i) != ' ') {
            return null;
        }
        int sourceStart = ++i;
        while (i < n && isSourceChar(line.charAt(i))) {
            i++;
        }
        int sourceEnd = i;
        if (sourceEnd == sourceStart || i >= n || line.charAt(i) != ':') {
            return null;
        }
        // "source:" then the end or a space; else the plain formatter's "source:line function:"
        // (the regex tries that first, but it needs a digit where this needs a space)
        int textStart = afterColon(line, i + 1);
        if (textStart < 0) {
            int j = i + 1;
            int lineDigits = j;
            while (j < n && isDigit(line.charAt(j))) {
                j++;
            }
            if (j == lineDigits || j >= n || line.charAt(j) != ' ') {
                return null;
            }
            int word = ++j;
            while (j < n && isWordChar(line.charAt(j))) {
                j++;
            }
            if (j == word || j >= n || line.charAt(j) != ':') {
                return null;
            }
            textStart = afterColon(line, j + 1);
            if (textStart < 0) {
                return null;
            }
        }
        for (int k = textStart; k < n; k++) {
            char c = line.charAt(k);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return null;
            }
        }
        Instant time = parseDate(line.substring(1, close), clock);
        if (time == null) {
            return null;
        }
        return new AsteriskRecord(time, level(line, levelStart, levelEnd), line.substring(sourceStart, sourceEnd),
                textStart >= n ? "" : line.substring(textStart));
    }

    /** Where the text starts after the colon that ends the prefix (the end of the line, or after one space), or -1. */
    private static int afterColon(String line, int i) {
        if (i >= line.length()) {
            return i;
        }
        return line.charAt(i) == ' ' ? i + 1 : -1;
    }

    private static final String[] LEVELS = {"VERBOSE", "NOTICE", "WARNING", "ERROR", "DEBUG", "SECURITY", "DTMF"};

    /** The level, without a new string for the usual ones. */
    private static String level(String line, int from, int to) {
        for (String level : LEVELS) {
            if (level.length() == to - from && line.startsWith(level, from)) {
                return level;
            }
        }
        return line.substring(from, to);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    private static boolean isSourceChar(char c) {
        return isWordChar(c) || c == '.' || c == '/' || c == '-';
    }

    /** The record prefix parsed by the regex: the reference the hand-written parser is tested against. */
    static AsteriskRecord parseWithRegex(String line, LogClock clock) {
        if (line.isEmpty() || line.charAt(0) != '[') {
            return null;
        }
        return matched(PREFIX.matcher(line), clock);
    }

    private static AsteriskRecord parseSyslog(String line, LogClock clock) {
        return matched(SYSLOG.matcher(line), clock);
    }

    /** The record a prefix regex reads (date, level, source, text in groups 1, 2, 5 and 6), or null. */
    private static AsteriskRecord matched(Matcher m, LogClock clock) {
        if (!m.matches()) {
            return null;
        }
        Instant time = parseDate(m.group(1), clock);
        if (time == null) {
            return null;
        }
        String text = m.group(6);
        return new AsteriskRecord(time, m.group(2), m.group(5), text == null ? "" : text);
    }

    /**
     * Whether a line can be a syslog record, by what {@link #SYSLOG} needs first: a month's
     * abbreviation and a space ({@code Nov }). Every line of a SIP message in the log comes here,
     * and no header name, start line or SDP line starts so: only then is the line searched for
     * {@code " asterisk["}.
     */
    private static boolean mayBeSyslog(String line) {
        return line.length() > 16 && line.charAt(0) >= 'A' && line.charAt(0) <= 'Z'
                && line.charAt(1) >= 'a' && line.charAt(1) <= 'z' && line.charAt(2) >= 'a' && line.charAt(2) <= 'z'
                && line.charAt(3) == ' ' && line.contains(" asterisk[");
    }

    /** Whether a line is an Asterisk record sent to syslog. */
    static boolean isSyslog(String line) {
        return SYSLOG.matcher(line).matches();
    }

    /**
     * The text of a console line that {@code timestamp=yes} prefixed with {@code [date] } only (no
     * level): its time goes to the clock. Null for any other line.
     */
    static String withoutConsoleTimestamp(String line, LogClock clock) {
        if (line.length() < 12 || line.charAt(0) != '[') {
            return null;
        }
        int close = line.indexOf("] ");
        if (close < 8 || close > 40) {
            return null;
        }
        return parseDate(line.substring(1, close), clock) == null ? null : line.substring(close + 2);
    }

    /** Whether a line starts like a record (a date in brackets): ends a message block. */
    static boolean looksLikeRecord(String line) {
        if (line.length() < 12 || line.charAt(0) != '[') {
            return false;
        }
        char c = line.charAt(1);
        return (c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') && line.indexOf("] ") > 0;
    }

    static Instant parseDate(String date, LogClock clock) {
        Instant seen = clock.cached(date);
        if (seen != null) {
            return seen;
        }
        Instant parsed = parseNewDate(date, clock);
        if (parsed != null) {
            clock.cache(date, parsed);
        }
        return parsed;
    }

    private static Instant parseNewDate(String date, LogClock clock) {
        try {
            if (date.length() >= 19 && date.charAt(4) == '-') {
                // 2024-03-04 10:12:01[.123]
                LocalDateTime quick = isoDateTime(date);
                if (quick != null) {
                    return clock.at(quick);
                }
                return clock.at(LocalDateTime.of(LocalDate.parse(date.substring(0, 10)),
                        LocalTime.parse(date.substring(11).trim())));
            }
            // Mar  4 10:12:01[.123]
            String[] parts = date.trim().split("\\s+");
            if (parts.length != 3) {
                return null;
            }
            Month month = month(parts[0]);
            if (month == null) {
                return null;
            }
            return clock.at(month, Integer.parseInt(parts[1]), LocalTime.parse(parts[2]));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code yyyy-MM-dd?HH:mm:ss[.f...]} read digit by digit, or null for any other shape (then the
     * ISO parsers decide, as before): a new second is a new date text, and the parsers were most
     * of a record's cost. Values out of range throw as the parsers' do.
     */
    private static LocalDateTime isoDateTime(String d) {
        int n = d.length();
        if (n > 29 || d.charAt(7) != '-' || d.charAt(13) != ':' || d.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (n > 19) {
            if (d.charAt(19) != '.' || n == 20) {
                return null;
            }
            for (int i = 20; i < n; i++) {
                char c = d.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                nanos = nanos * 10 + (c - '0');
            }
            for (int i = n; i < 29; i++) {
                nanos *= 10;
            }
        }
        int year = digits(d, 0, 4);
        int month = digits(d, 5, 7);
        int day = digits(d, 8, 10);
        int hour = digits(d, 11, 13);
        int minute = digits(d, 14, 16);
        int second = digits(d, 17, 19);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, nanos);
    }

    /** The value of the ASCII digits in {@code [from, to)}, or -1. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static Month month(String abbreviation) {
        for (Month m : MONTHS) {
            String name = m.name();
            if (name.regionMatches(true, 0, abbreviation, 0, 3) && abbreviation.length() == 3) {
                return m;
            }
        }
        return null;
    }
}
