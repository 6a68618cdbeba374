package org.siphint.dialect.asterisk;

import java.util.function.Consumer;

import org.siphint.dialect.Dialect;
import org.siphint.dialect.B2buaLegs;
import org.siphint.dialect.DialectReader;
import org.siphint.dialect.LogClock;
import org.siphint.dialect.LogContext;
import org.siphint.dialect.LogText;
import org.siphint.dialect.PendingMessage;
import org.siphint.dialect.RecentRequests;
import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.event.Origin;

/**
 * Asterisk's full/messages log, its console captures and its syslog lines. One file can hold the
 * SIP debug output of both channel drivers ({@link AsteriskFraming}): chan_pjsip's
 * {@code pjsip set logger on} ({@code res/res_pjsip_logger.c}):
 * <pre>
 * [Mar  4 10:12:01] VERBOSE[12345] res_pjsip_logger.c: &lt;--- Received SIP request (512 bytes) from UDP:192.0.2.1:5060 ---&gt;
 * INVITE sip:200@192.0.2.10 SIP/2.0
 * ...
 * </pre>
 * and chan_sip's {@code sip set debug on}, whose records start with a newline, so that the record
 * prefix stands alone on its line and {@code <--- SIP read from UDP:a:p --->} follows unprefixed.
 * Messages end at their framing's trailer or at the next record. NOTICE, WARNING and some VERBOSE
 * records become {@link LogNotice}s ({@link AsteriskNotices}); {@code rtcp set debug on} records
 * become {@link org.siphint.event.MediaReport}s ({@link AsteriskRtcp}). A {@code Dial()} line links
 * the INVITE sent to a trunk to the phone's call it was placed for ({@link AsteriskDial}).
 */
public final class AsteriskDialect implements Dialect {

    @Override
    public String id() {
        return "asterisk";
    }

    @Override
    public String description() {
        return "Asterisk full/messages log, console or syslog (pjsip logger, chan_sip debug, notices, RTCP debug)";
    }

    @Override
    public org.siphint.event.Role defaultRole() {
        return org.siphint.event.Role.PBX;
    }

    @Override
    public int score(String line) {
        String clean = LogText.clean(line);
        if (clean.contains("<--- Received SIP ") || clean.contains("<--- Transmitting SIP ")
                || clean.startsWith("<--- SIP read from ") || clean.contains("Transmitting (NAT) to ")
                || clean.contains("Transmitting (no NAT) to ")) {
            return 10;
        }
        if (clean.contains(" asterisk[") && AsteriskRecord.isSyslog(clean)) {
            return 5;
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
        private final AsteriskRtcp rtcp = new AsteriskRtcp();
        private final RecentRequests recent = new RecentRequests();
        private final B2buaLegs legs = new B2buaLegs();
        private AsteriskFraming.Opened open;

        Reader(LogContext context) {
            this.context = context;
            this.clock = context.newClock();
        }

        @Override
        public void line(String raw, long number, Consumer<LogEvent> out) {
            String line = LogText.clean(raw);
            AsteriskRecord record = AsteriskRecord.parse(line, clock);
            if (record != null) {
                endMessage(out); // a message is one record: the next record ends it
                record(record, number, out);
                return;
            }
            String console = AsteriskRecord.withoutConsoleTimestamp(line, clock);
            if (console != null) {
                line = console; // a console capture with timestamp=yes: every line has the date
            }
            if (open != null) {
                if (open.framing().isTrailer(line)) {
                    endMessage(out);
                    return;
                }
                if (!AsteriskRecord.looksLikeRecord(line) && !isConsoleVerbose(line)
                        && !AsteriskFraming.mayOpen(line)) {
                    open.message().add(line, number);
                    return;
                }
                endMessage(out);
            }
            // an unprefixed header: chan_sip's record prefix stood alone on the line before, or a
            // console capture without prefixes
            open = AsteriskFraming.openAny(line, clock.last(), number);
        }

        private void record(AsteriskRecord record, long number, Consumer<LogEvent> out) {
            String text = record.text();
            Origin origin = new Origin(context.file(), number, context.role());
            if (rtcp.line(text, record.time(), origin, out) || text.isEmpty()) {
                return;
            }
            open = AsteriskFraming.openAny(text, record.time(), number);
            if (open != null) {
                return;
            }
            String level = record.level();
            if (level.equals("VERBOSE")) {
                AsteriskDial.Dialled dial = AsteriskDial.parse(AsteriskNotices.withoutVerbosePrefix(text));
                if (dial != null) {
                    legs.placed(record.time().toEpochMilli(), null, dial.endpoint(), dial.outsideUsers());
                    return;
                }
            }
            if (level.equals("NOTICE") || level.equals("WARNING") || level.equals("VERBOSE")
                    || level.equals("ERROR") || level.equals("SECURITY")) {
                LogNotice notice = AsteriskNotices.classify(record.time(), origin, level, text);
                if (notice != null) {
                    out.accept(recent.withCallId(notice));
                }
            }
        }

        private void endMessage(Consumer<LogEvent> out) {
            if (open != null) {
                PendingMessage message = open.message();
                open = null;
                message.emit(context, message.firstLine() + 1, event -> {
                    recent.remember(event);
                    if (event instanceof org.siphint.event.SipMessage m) {
                        legs.message(m);
                    }
                    out.accept(event);
                });
            }
        }

        @Override
        public void flush(Consumer<LogEvent> out) {
            endMessage(out);
            rtcp.end(out);
        }

        @Override
        public long firstHeldLine() {
            return open == null ? 0 : open.message().firstLine();
        }

        private static boolean isConsoleVerbose(String line) {
            return line.startsWith("    -- ") || line.startsWith("  == ") || line.startsWith("       > ");
        }
    }
}
