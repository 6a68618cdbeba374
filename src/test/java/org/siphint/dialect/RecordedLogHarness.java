package org.siphint.dialect;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.siphint.event.LogEvent;

/** Feeds a dialect the lines of a text copied from the lab's recordings, as a file would, and collects its events. */
public final class RecordedLogHarness {

    /** The date the test files are "from" (formats that log only a time get it). */
    public static final LocalDate DATE = LocalDate.of(2026, 11, 26);

    private RecordedLogHarness() {
    }

    public static List<LogEvent> read(Dialect dialect, String text) {
        LogContext context = new LogContext("test.log", null, DATE, ZoneOffset.UTC).withDefaultRole(dialect.defaultRole());
        DialectReader reader = dialect.open(context);
        List<LogEvent> events = new ArrayList<>();
        long n = 0;
        for (String line : lines(text)) {
            reader.line(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line, ++n, events::add);
        }
        reader.flush(events::add);
        return events;
    }

    /** The lines of a text, split on LF only: CRs inside stay where a log has them. */
    public static List<String> lines(String text) {
        List<String> all = List.of(text.split("\n", -1));
        return text.endsWith("\n") ? all.subList(0, all.size() - 1) : all;
    }

    public static <T> List<T> only(List<LogEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
