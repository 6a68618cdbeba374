package org.siphint.dialect.freeswitch;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.dialect.Dialect;
import org.siphint.dialect.B2buaLegs;
import org.siphint.dialect.DialectReader;
import org.siphint.dialect.LogClock;
import org.siphint.dialect.LogContext;
import org.siphint.dialect.LogText;
import org.siphint.dialect.RecentRequests;
import org.siphint.dialect.SipCursor;
import org.siphint.dialect.StreamReads;
import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.event.Origin;
import org.siphint.event.Role;
import org.siphint.util.BoundedMap;

/**
 * FreeSWITCH's log ({@code freeswitch.log}, fs_cli captures) with the sofia SIP trace on.
 *
 * <p>Records ({@code src/switch_log.c}, mod_logfile): {@code 2024-03-04 10:12:01.123456 97.53% [NOTICE]
 * sofia.c:7230 text}, the idle-CPU field only since 1.10.7, and a channel UUID in front of the lines
 * of a session. The trace ({@code libsofia-sip-ua/tport/tport_logging.c}) is printed without that
 * prefix:
 * <pre>
 * recv 584 bytes from udp/[192.0.2.4]:5090 at 12:30:57.916812:
 * ------------------------------------------------------------------------
 * REGISTER sip:192.0.2.10 SIP/2.0
 * ...
 * (a blank line since sofia-sip 1.13.8)
 * </pre>
 * Before 2019 the dashes and every message line were indented by three spaces and a closing dash
 * line followed; in that layout other threads' records could land inside a message, so they do
 * not end it. The byte count of the header tells where the read's data ends, so a blank line inside
 * a message is not taken for the end. A read over TCP or TLS may hold two messages or part of one
 * ({@link StreamReads}). The trace header has a time only: its date is the one of the neighbouring
 * records; lines before the first dated record are held back (a bounded number) until it comes.
 */
public final class FreeswitchDialect implements Dialect {

    private static final Pattern TRACE = Pattern.compile(
            "^(recv|send) (\\d+) bytes (?:from|to) (\\w+)/\\[([^\\]]+)\\](?::(\\d+))?\\S* at (\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?):\\s*$");
    private static final Pattern RECORD = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?)(?: [\\d.]+%)? \\[([A-Z0-9]+)\\] (\\S+?):\\d+ (.*)$");
    private static final int HOLD_LIMIT = 2_000;

    @Override
    public String id() {
        return "freeswitch";
    }

    @Override
    public String description() {
        return "FreeSWITCH log (freeswitch.log, fs_cli) with the sofia SIP trace";
    }

    @Override
    public Role defaultRole() {
        return Role.PBX;
    }

    @Override
    public int score(String line) {
        String clean = LogText.clean(line);
        if ((clean.startsWith("recv ") || clean.startsWith("send ")) && TRACE.matcher(clean).matches()) {
            return 10;
        }
        String record = withoutUuid(clean);
        if (looksLikeRecord(record) && RECORD.matcher(record).matches()) {
            return 4;
        }
        return 0;
    }

    @Override
    public DialectReader open(LogContext context) {
        return new Reader(context);
    }

    /** A record line without the channel UUID mod_logfile puts in front of session lines. */
    static String withoutUuid(String line) {
        if (line.length() > 37 && line.charAt(36) == ' ' && line.charAt(8) == '-' && line.charAt(13) == '-'
                && line.charAt(18) == '-' && line.charAt(23) == '-') {
            return line.substring(37);
        }
        return line;
    }

    static String uuidOf(String line) {
        return withoutUuid(line) == line ? null : line.substring(0, 36);
    }

    private static boolean looksLikeRecord(String s) {
        return s.length() > 27 && s.charAt(4) == '-' && s.charAt(10) == ' ' && s.charAt(13) == ':'
                && Character.isDigit(s.charAt(0));
    }

    private static boolean isDashes(String s) {
        String t = s.trim();
        if (t.length() < 20) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) != '-') {
                return false;
            }
        }
        return true;
    }

    private static final class Reader implements DialectReader {
        private final LogContext context;
        private final StreamReads reads;
        private final RecentRequests recent = new RecentRequests();
        private final B2buaLegs legs = new B2buaLegs();
        private final Map<String, String> callIdByUuid = BoundedMap.droppingOldest(10_000);
        private LogClock clock;
        private List<String> held = new ArrayList<>();
        private long heldFrom;
        /** Whether the open read uses the pre-2019 layout (indented, closing dashes). */
        private boolean indented;
        private boolean expectDashes;
        private long readBytes;
        private long seenBytes;

        Reader(LogContext context) {
            this.context = context;
            this.reads = new StreamReads(context);
        }

        @Override
        public void line(String raw, long number, Consumer<LogEvent> sink) {
            Consumer<LogEvent> out = remembering(sink);
            String line = LogText.clean(raw);
            if (clock == null) {
                hold(line, number, out);
                return;
            }
            process(line, number, out);
        }

        /** Before the first dated record: keep lines, so the trace headers get that record's date. */
        private void hold(String line, long number, Consumer<LogEvent> out) {
            if (held.isEmpty()) {
                heldFrom = number;
            }
            held.add(line);
            String record = withoutUuid(line);
            if (looksLikeRecord(record)) {
                Matcher m = RECORD.matcher(record);
                if (m.matches()) {
                    LocalDate date = LocalDate.parse(m.group(1));
                    LocalTime time = LocalTime.parse(m.group(2));
                    LocalTime firstTraceTime = firstTraceTime();
                    // a trace just before midnight, the first record just after it
                    if (firstTraceTime != null && ChronoUnit.SECONDS.between(time, firstTraceTime) > 3600) {
                        date = date.minusDays(1);
                    }
                    release(new LogClock(date, context.zone()), out);
                    return;
                }
            }
            if (held.size() >= HOLD_LIMIT) {
                release(context.newClock(), out);
            }
        }

        private LocalTime firstTraceTime() {
            for (String l : held) {
                if (l.startsWith("recv ") || l.startsWith("send ")) {
                    Matcher m = TRACE.matcher(l);
                    if (m.matches()) {
                        return LocalTime.parse(m.group(6));
                    }
                }
            }
            return null;
        }

        private void release(LogClock newClock, Consumer<LogEvent> out) {
            clock = newClock;
            List<String> lines = held;
            held = null;
            long n = heldFrom;
            for (String l : lines) {
                process(l, n++, out);
            }
        }

        private void process(String line, long number, Consumer<LogEvent> out) {
            if ((line.startsWith("recv ") || line.startsWith("send ")) && line.contains(" bytes ")) {
                Matcher m = TRACE.matcher(line);
                if (m.matches()) {
                    Direction direction = m.group(1).equals("recv") ? Direction.RECEIVED : Direction.SENT;
                    String host = m.group(4);
                    String peer = m.group(5) == null ? host
                            : (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + m.group(5);
                    reads.begin(clock.at(LocalTime.parse(m.group(6))), number, direction,
                            m.group(3).toUpperCase(java.util.Locale.ROOT), peer, out);
                    readBytes = Long.parseLong(m.group(2));
                    seenBytes = 0;
                    expectDashes = true;
                    indented = false;
                    return;
                }
            }
            String uuid = uuidOf(line);
            String record = uuid == null ? line : line.substring(37);
            if (uuid != null && record.startsWith("EXECUTE ")) {
                if (!indented) {
                    reads.end(out); // a dialplan line, like a record, follows a whole read
                }
                List<String> outside = FreeswitchBridge.outsideUsers(record);
                if (!outside.isEmpty()) {
                    legs.placed(clock.last().toEpochMilli(), callIdByUuid.get(uuid), FreeswitchBridge.channelUser(record),
                            outside);
                }
                return;
            }
            if (looksLikeRecord(record)) {
                Matcher m = RECORD.matcher(record);
                if (m.matches()) {
                    if (!indented) {
                        reads.end(out);
                    }
                    record(m, uuid, number, out);
                    return;
                }
            }
            if (!reads.isOpen()) {
                return; // continuation lines of multi-line records (Remote SDP, explanations)
            }
            if (expectDashes) {
                expectDashes = false;
                if (isDashes(line)) {
                    indented = line.startsWith(" ");
                    return;
                }
            }
            if (indented) {
                if (isDashes(line)) {
                    reads.end(out);
                } else if (line.isBlank()) {
                    reads.add("", number, out);
                } else if (line.startsWith("   ")) {
                    reads.add(line.substring(3), number, out);
                }
                // other unprefixed lines (sofia-sip's own tport/nta debug) interleave: skip them
                return;
            }
            if (seenBytes >= readBytes - 2 && (line.isEmpty() || reads.state() != SipCursor.State.BODY)) {
                reads.end(out); // the read's data is all there: this is the line after it
                return;
            }
            seenBytes += line.length() + 2;
            reads.add(line, number, out);
        }

        private void record(Matcher m, String uuid, long number, Consumer<LogEvent> out) {
            java.time.Instant time = clock.at(LocalDateTime.of(LocalDate.parse(m.group(1)),
                    LocalTime.parse(m.group(2))));
            String text = m.group(5);
            if (uuid != null && text.contains("receiving invite from")) {
                Matcher invite = FreeswitchNotices.RECEIVING_INVITE.matcher(text);
                if (invite.find()) {
                    callIdByUuid.put(uuid, invite.group(1));
                }
            }
            String level = m.group(3);
            if (level.equals("DEBUG") || level.equals("CONSOLE")) {
                return;
            }
            LogNotice notice = FreeswitchNotices.classify(time, new Origin(context.file(), number, context.role()),
                    text, uuid == null ? null : callIdByUuid.get(uuid));
            if (notice != null) {
                out.accept(recent.withCallId(notice));
            }
        }

        /** The sink, with the received requests noted on the way (for notices that name only an address). */
        private Consumer<LogEvent> remembering(Consumer<LogEvent> sink) {
            return event -> {
                recent.remember(event);
                if (event instanceof org.siphint.event.SipMessage m) {
                    legs.message(m);
                }
                sink.accept(event);
            };
        }

        @Override
        public void flush(Consumer<LogEvent> sink) {
            Consumer<LogEvent> out = remembering(sink);
            if (clock == null) {
                if (held.isEmpty()) {
                    return;
                }
                release(context.newClock(), out);
            }
            reads.flush(out);
        }
    }
}
