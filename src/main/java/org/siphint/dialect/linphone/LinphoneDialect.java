package org.siphint.dialect.linphone;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.dialect.Dialect;
import org.siphint.dialect.DialectReader;
import org.siphint.dialect.LogClock;
import org.siphint.dialect.LogContext;
import org.siphint.dialect.PendingMessage;
import org.siphint.dialect.TransportFailures;
import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.event.MediaReport;
import org.siphint.event.Origin;
import org.siphint.event.Role;
import org.siphint.event.SipMessage;

/**
 * Logs of Linphone and other liblinphone/belle-sip programs: linphonec's {@code -l} file and the
 * desktop and Android apps' log files. Records start with {@code 2024-03-04 10:12:01:123} (a colon
 * before the milliseconds) and the domain and level, either as {@code belle-sip-message-} (bctoolbox
 * file handler) or {@code [belle-sip] MESSAGE} (the apps). SIP messages follow belle-sip's
 * {@code channel.c} records:
 * <pre>
 * ... channel [0x55e6]: message sent to [UDP://127.0.0.1:5060], size: [512] bytes
 * ... channel [0x55e6]: received [411] new bytes from [UDP://127.0.0.1:5060]:
 * </pre>
 * followed by the raw text, up to the next record. A received block is one socket read: on TCP it
 * may hold several messages or a fragment. Also read: account registration states and oRTP's
 * {@code RTP STATISTICS} table printed when a stream ends, and belle-sip's "Cannot connect to"
 * (a {@code transport-failed} notice whose reason is the "Connection failed ... cause" or "SSL
 * handshake failed" line before it, with the certificate's flags) and "DNS resolution failed for"
 * (a {@code dns-failed} notice).
 */
public final class LinphoneDialect implements Dialect {

    private static final Pattern RECORD = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d):(\\d{3}) "
                    + "(?:([\\w.-]+?)-(message|warning|error|debug|trace|fatal)-|\\[([^\\]]+)\\] ([A-Z]+) )(.*)$");
    private static final Pattern SENT = Pattern.compile(
            "^channel \\[[^\\]]+\\]: message sent to \\[(\\w+)://(.+?)\\], size: \\[\\d+\\] bytes$");
    private static final Pattern RECEIVED = Pattern.compile(
            "^channel \\[[^\\]]+\\]: received \\[\\d+\\] new bytes from \\[(\\w+)://(.+?)\\]:$");
    private static final Pattern ACCOUNT_STATE = Pattern.compile(
            "^(?:Account|Proxy config) \\[[^\\]]+\\] for identity \\[([^\\]]+)\\] moving from state \\[\\w+\\] to \\[(\\w+)\\]");
    // belle-sip's channel: why a connection failed, then which server it was (belle_sip_channel.c,
    // stream_channel.c, tls_channel.c, belle_sip_resolver.c)
    private static final Pattern CONNECT_FAILED = Pattern.compile("^Connection failed\\s+for fd \\[\\d+\\]: cause \\[(.*)\\]$");
    private static final Pattern SSL_FAILED = Pattern.compile("^Channel \\[[^\\]]+\\]: SSL handshake failed : (.*)$");
    private static final Pattern CERT_FLAGS = Pattern.compile("^Found certificate depth=\\[0\\], flags=\\[([^\\]]*)\\]");
    private static final Pattern CANNOT_CONNECT = Pattern.compile("^Cannot connect to \\[(\\w+)://(.+?)\\]$");
    private static final Pattern DNS_FAILED = Pattern.compile("^channel_res_done: DNS resolution failed for (\\S+)$");
    private static final Pattern STAT_ROW = Pattern.compile("^(\\D+?)\\s+(\\d+) packets$");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Override
    public String id() {
        return "linphone";
    }

    @Override
    public String description() {
        return "Linphone and liblinphone/belle-sip programs (linphonec -l, desktop and Android log files)";
    }

    @Override
    public Role defaultRole() {
        return Role.SOFTPHONE;
    }

    @Override
    public int score(String line) {
        Matcher m = RECORD.matcher(line);
        if (!m.matches()) {
            return 0;
        }
        String text = m.group(7);
        if (SENT.matcher(text).matches() || RECEIVED.matcher(text).matches()) {
            return 10;
        }
        String domain = m.group(3) != null ? m.group(3) : m.group(5);
        return domain.contains("linphone") || domain.contains("belle-sip") || domain.contains("ortp")
                || domain.contains("mediastreamer") || domain.equals("bctbx") ? 2 : 0;
    }

    @Override
    public DialectReader open(LogContext context) {
        return new Reader(context);
    }

    private static final class Reader implements DialectReader {
        private final LogContext context;
        private final LogClock clock;
        private Instant time;
        private PendingMessage pending;
        private long messageLine;
        private String lastCallId;
        private String connectError;
        private String certificateFlags;
        private Stats stats;

        Reader(LogContext context) {
            this.context = context;
            this.clock = context.newClock();
            this.time = clock.last();
        }

        @Override
        public void line(String raw, long number, Consumer<LogEvent> out) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            Matcher record = line.length() > 24 && Character.isDigit(line.charAt(0)) ? RECORD.matcher(line) : null;
            if (record == null || !record.matches()) {
                if (pending != null) {
                    pending.add(line);
                }
                return;
            }
            if (pending != null) {
                emit(out);
            }
            try {
                time = clock.at(LocalDateTime.parse(record.group(1), DATE_TIME)
                        .plusNanos(Long.parseLong(record.group(2)) * 1_000_000));
            } catch (DateTimeParseException e) {
                time = clock.last();
            }
            record(record.group(7), number, out);
        }

        private void record(String text, long number, Consumer<LogEvent> out) {
            if (stats != null && (text.trim().endsWith(" packets") || text.trim().endsWith(" bytes"))) {
                Matcher row = STAT_ROW.matcher(text.trim());
                if (row.matches()) {
                    stats.row(row.group(1).trim(), Long.parseLong(row.group(2)));
                    if (row.group(1).trim().equals("received rtcp")) {
                        endStats(out);
                    }
                }
                return;
            }
            if (stats != null && !text.isBlank() && !text.trim().startsWith("===") && !text.trim().startsWith("---")) {
                endStats(out);
            }
            if (text.startsWith("channel [")) {
                Matcher m = SENT.matcher(text);
                Direction direction = Direction.SENT;
                if (!m.matches()) {
                    m = RECEIVED.matcher(text);
                    direction = Direction.RECEIVED;
                }
                if (m.matches()) {
                    pending = new PendingMessage(time, number, direction, m.group(1), m.group(2));
                    messageLine = number + 1;
                }
                return;
            }
            Matcher m;
            if (transportLine(text, number, out)) {
                return;
            }
            if (text.contains("moving from state [") && (m = ACCOUNT_STATE.matcher(text)).find()) {
                String state = m.group(2);
                String kind = state.endsWith("Ok") ? LogNotice.REGISTRATION_OK
                        : state.endsWith("Failed") ? LogNotice.REGISTRATION_FAILED : null;
                if (kind != null) {
                    Map<String, String> details = new LinkedHashMap<>();
                    details.put("state", state);
                    out.accept(new LogNotice(time, origin(number), kind, null, m.group(1), null, details, text));
                }
                return;
            }
            if (text.trim().endsWith("RTP STATISTICS")) {
                stats = new Stats(number, text.contains("VIDEO") ? "video" : "audio");
            }
        }

        /** belle-sip's own words on a connection or lookup that failed; true when the line was one. */
        private boolean transportLine(String text, long number, Consumer<LogEvent> out) {
            Matcher m;
            if ((m = CONNECT_FAILED.matcher(text)).matches() || (m = SSL_FAILED.matcher(text)).matches()) {
                connectError = m.group(1).trim();
                return true;
            }
            if ((m = CERT_FLAGS.matcher(text)).find()) {
                certificateFlags = m.group(1).trim();
                return true;
            }
            if ((m = CANNOT_CONNECT.matcher(text)).matches()) {
                String reason = connectError;
                String cause = TransportFailures.causeOf(reason);
                if (cause != null) {
                    out.accept(LogNotice.of(time, origin(number), LogNotice.TRANSPORT_FAILED, null, null, m.group(2), text,
                            "cause", cause, "reason", reason, "transport", m.group(1).toUpperCase(java.util.Locale.ROOT),
                            "certificate", TransportFailures.TLS_HANDSHAKE.equals(cause) && certificateFlags != null
                                    && !certificateFlags.isEmpty() ? certificateFlags : null));
                }
                connectError = null;
                certificateFlags = null;
                return true;
            }
            if (text.startsWith("channel_res_done: ") && (m = DNS_FAILED.matcher(text)).matches()) {
                out.accept(LogNotice.of(time, origin(number), LogNotice.DNS_FAILED, null, null, null, text,
                        "host", m.group(1)));
                return true;
            }
            return false;
        }

        private void emit(Consumer<LogEvent> out) {
            PendingMessage message = pending;
            pending = null;
            message.emit(context, messageLine, event -> {
                if (event instanceof SipMessage sip && "INVITE".equals(sip.getMethod()) && sip.getCallId() != null) {
                    lastCallId = sip.getCallId();
                }
                out.accept(event);
            });
        }

        private void endStats(Consumer<LogEvent> out) {
            Stats s = stats;
            stats = null;
            out.accept(MediaReport.builder(time, origin(s.line)).callId(lastCallId).media(s.media)
                    .packetsSent(s.sent).packetsReceived(s.received).packetsLost(s.lost).streamEnd(true)
                    .text(s.media + " RTP statistics: sent " + s.sent + " packets, received " + s.received
                            + ", lost " + s.lost)
                    .build());
        }

        @Override
        public void flush(Consumer<LogEvent> out) {
            if (pending != null) {
                emit(out);
            }
            if (stats != null) {
                endStats(out);
            }
        }

        private Origin origin(long line) {
            return new Origin(context.file(), line, context.role());
        }
    }

    /** oRTP's {@code rtp_stats_display} rows of one stream. */
    private static final class Stats {
        final long line;
        final String media;
        long sent = -1;
        long received = -1;
        long lost = -1;

        Stats(long line, String media) {
            this.line = line;
            this.media = media;
        }

        void row(String name, long value) {
            switch (name) {
                case "sent" -> sent = value;
                case "received" -> received = value;
                case "incoming cumulative lost" -> lost = value;
                default -> {
                    // duplicates, late, bad, discarded and RTCP counts: not used by any rule
                }
            }
        }
    }
}
