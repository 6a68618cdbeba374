package org.siphint.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.siphint.dialect.LogClock;

/**
 * The date a log's lines are read under when the log writes only a time of day (pjsua and
 * MicroSIP, baresip): the one guess {@code replay}, {@code report}, {@code watch} and {@code demo}
 * share, so a finding is dated the same whichever of them reads the file.
 *
 * <p>A log's last line was written shortly before the file's last modification, so the last line
 * is dated on the modification date (the day before when its time of day is later than the
 * modification's: a line at 23:59:58 in a file modified at 00:00:03). Each midnight the log
 * crossed shows as its clock going back by more than {@link LogClock#ROLLOVER_SLACK_SECONDS}; the
 * lines before such a roll belong to the day before, so the first line's date is the last line's
 * minus the rolls. The rolls are counted on the lines that start with a time of day, which is
 * where these formats write it; a file whose first lines carry none is not such a log and gets its
 * modification date (what a log with dates but no year takes its year from).
 *
 * <p>What a file does not hold yet is written from now on: a file read from its end, or empty, is
 * dated today.
 */
public final class LogDates {

    /** Lines looked at for a time of day before a file is taken for one that writes dates. */
    static final int PROBE_LINES = 2000;

    private static final int SECONDS_PER_DAY = 86_400;

    private LogDates() {
    }

    /** The date of the first line of {@code file} read from byte {@code offset} on. */
    public static LocalDate firstDate(Path file, ZoneId zone, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return firstDate(channel, Files.getLastModifiedTime(file), zone, offset);
        }
    }

    /**
     * The date of the first line read from byte {@code offset} of an open file whose last
     * modification was {@code modified}; reads without moving the channel's position.
     */
    public static LocalDate firstDate(FileChannel channel, FileTime modified, ZoneId zone, long offset)
            throws IOException {
        if (offset >= channel.size()) {
            return LocalDate.now(zone);
        }
        LocalDateTime written = LocalDateTime.ofInstant(modified.toInstant(), zone);
        Scan scan = scan(channel, offset);
        if (scan.last < 0) {
            return written.toLocalDate();
        }
        LocalDate lastDate = written.toLocalDate();
        if (scan.last - written.toLocalTime().toSecondOfDay() > LogClock.ROLLOVER_SLACK_SECONDS) {
            lastDate = lastDate.minusDays(1);
        }
        return lastDate.minusDays(scan.rolls);
    }

    /** Times of day seen at line starts: the last one (seconds of the day, -1 for none) and the midnights crossed. */
    private static final class Scan {
        int last = -1;
        long rolls;
    }

    private static Scan scan(FileChannel channel, long offset) throws IOException {
        Scan scan = new Scan();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        // a line start may fall at the end of one read: its first bytes are carried to the next
        byte[] carry = new byte[16];
        int carried = 0;
        boolean atLineStart = true;
        long lines = 0;
        long position = offset;
        while (true) {
            buffer.clear();
            int n = channel.read(buffer, position);
            if (n <= 0) {
                break;
            }
            position += n;
            byte[] b = buffer.array();
            for (int i = 0; i < n; i++) {
                if (carried > 0) {
                    carry[carried++] = b[i];
                    if (carried == carry.length || b[i] == '\n') {
                        note(scan, timeOfDay(carry, 0, carried));
                        carried = 0;
                    }
                } else if (atLineStart) {
                    if (n - i >= carry.length) {
                        note(scan, timeOfDay(b, i, n));
                    } else {
                        carry[carried++] = b[i];
                    }
                }
                atLineStart = b[i] == '\n';
                if (atLineStart && ++lines >= PROBE_LINES && scan.last < 0) {
                    return scan; // no time of day at the start of so many lines: a log that writes dates
                }
            }
        }
        if (carried > 0) {
            note(scan, timeOfDay(carry, 0, carried));
        }
        return scan;
    }

    private static void note(Scan scan, int seconds) {
        if (seconds < 0) {
            return;
        }
        if (scan.last >= 0 && scan.last - seconds > LogClock.ROLLOVER_SLACK_SECONDS) {
            scan.rolls++;
        }
        scan.last = seconds;
    }

    /** {@code HH:MM:SS} at {@code from}, after an optional {@code [}: seconds of the day, or -1. */
    static int timeOfDay(byte[] b, int from, int end) {
        int i = from;
        if (i < end && b[i] == '[') {
            i++;
        }
        if (end - i < 8 || b[i + 2] != ':' || b[i + 5] != ':') {
            return -1;
        }
        int h = twoDigits(b, i);
        int m = twoDigits(b, i + 3);
        int s = twoDigits(b, i + 6);
        if (h < 0 || m < 0 || s < 0 || h > 23 || m > 59 || s > 59) {
            return -1;
        }
        // 10:12:01 followed by another digit is a number, not a time of day
        if (end - i > 8 && Character.isDigit(b[i + 8])) {
            return -1;
        }
        int seconds = h * 3600 + m * 60 + s;
        return seconds < SECONDS_PER_DAY ? seconds : -1;
    }

    private static int twoDigits(byte[] b, int i) {
        int hi = b[i] - '0';
        int lo = b[i + 1] - '0';
        return hi < 0 || hi > 9 || lo < 0 || lo > 9 ? -1 : hi * 10 + lo;
    }
}
