package org.siphint.dialect.asterisk;

import java.time.Instant;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.dialect.Dialect;
import org.siphint.dialect.DialectReader;
import org.siphint.dialect.LogClock;
import org.siphint.dialect.LogContext;
import org.siphint.dialect.LogText;
import org.siphint.dialect.PendingMessage;
import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.event.Origin;

/**
 * Asterisk's full/messages log with {@code pjsip set logger on} output
 * ({@code res/res_pjsip_logger.c}):
 * <pre>
 * [Mar  4 10:12:01] VERBOSE[12345] res_pjsip_logger.c: &lt;--- Received SIP request (512 bytes) from UDP:192.0.2.1:5060 ---&gt;
 * INVITE sip:200@192.0.2.10 SIP/2.0
 * ...
 * </pre>
 * The message lines follow the header unprefixed and end at the next record; NOTICE and WARNING
 * records become {@link LogNotice}s. Console captures (no record prefix) are read too.
 */
public final class AsteriskDialect implements Dialect {

    private static final Pattern PJSIP_HEADER = Pattern.compile(
            "<--- (Received|Transmitting) SIP (request|response) \\((\\d+) bytes\\) (?:from|to) (\\w+):(.+?) --->\\s*$");

    @Override
    public String id() {
        return "asterisk";
    }

    @Override
    public String description() {
        return "Asterisk full/messages log (chan_pjsip 'pjsip set logger on', notices)";
    }

    @Override
    public org.siphint.event.Role defaultRole() {
        return org.siphint.event.Role.PBX;
    }

    @Override
    public int score(String line) {
        String clean = LogText.clean(line);
        if (clean.contains("<--- Received SIP ") || clean.contains("<--- Transmitting SIP ")) {
            return 10;
        }
        if (clean.startsWith("[") && clean.matches("^\\[[^\\]]{8,40}\\] (VERBOSE|NOTICE|WARNING|ERROR|DEBUG|SECURITY|DTMF)\\[\\d+\\].*")) {
            return 5;
        }
        return 0;
    }

    @Override
    public DialectReader open(LogContext context) {
        return new Reader(context);
    }

    private static final class Reader implements DialectReader {
        private final LogContext context;
        private final LogClock clock;
        private PendingMessage pending;
        private long pendingFirstMessageLine;

        Reader(LogContext context) {
            this.context = context;
            this.clock = context.newClock();
        }

        @Override
        public void line(String raw, long number, Consumer<LogEvent> out) {
            String line = LogText.clean(raw);
            AsteriskRecord record = AsteriskRecord.parse(line, clock);
            String text;
            Instant time;
            if (record != null) {
                flush(out);
                text = record.text();
                time = record.time();
            } else if (line.startsWith("<--- ")) {
                flush(out); // a console capture without record prefixes
                text = line;
                time = clock.last();
            } else {
                if (pending != null) {
                    if (AsteriskRecord.looksLikeRecord(line) || isConsoleVerbose(line)) {
                        flush(out);
                    } else {
                        pending.add(line);
                    }
                }
                return;
            }
            if (text.startsWith("<--- ")) {
                Matcher m = PJSIP_HEADER.matcher(text);
                if (m.matches()) {
                    Direction direction = m.group(1).equals("Received") ? Direction.RECEIVED : Direction.SENT;
                    pending = new PendingMessage(time, number, direction, m.group(4), m.group(5));
                    pendingFirstMessageLine = number + 1;
                }
                return;
            }
            if (record != null && (record.level().equals("NOTICE") || record.level().equals("WARNING")
                    || record.level().equals("VERBOSE") || record.level().equals("ERROR"))) {
                LogNotice notice = AsteriskNotices.classify(time, new Origin(context.file(), number, context.role()),
                        text);
                if (notice != null) {
                    out.accept(notice);
                }
            }
        }

        @Override
        public void flush(Consumer<LogEvent> out) {
            if (pending != null) {
                pending.emit(context, pendingFirstMessageLine, out);
                pending = null;
            }
        }

        @Override
        public long firstHeldLine() {
            return pending == null ? 0 : pending.firstLine();
        }

        private static boolean isConsoleVerbose(String line) {
            return line.startsWith("    -- ") || line.startsWith("  == ") || line.startsWith("       > ");
        }
    }
}
