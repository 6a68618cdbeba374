package org.siphint.dialect.baresip;

import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.dialect.Dialect;
import org.siphint.dialect.DialectReader;
import org.siphint.dialect.LogClock;
import org.siphint.dialect.LogContext;
import org.siphint.dialect.LogText;
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
 * baresip's console output with its SIP trace on ({@code -s} or {@code /siptrace}), as
 * {@code src/uag.c} writes it: {@code ESC[36;1m} and {@code #} (since 2022 {@code [HH:MM:SS.mmm]#}),
 * a line {@code UDP 10.0.0.1:5060 -> 10.0.0.2:5060}, the raw message, and {@code ESC[;m}.
 *
 * <p>The trace does not say which way a message went: the reader learns the phone's own address
 * (the sender of its REGISTER, an address of a {@code Local network address} line, or else the
 * sender of the first message, which is the phone's own REGISTER or call in practice) and compares.
 * Versions before 2022 write no time at all; their events get the undated time of the file
 * ({@link org.siphint.dialect.LogContext#undated()}: its last modification, or the moment it is read).
 *
 * <p>Also read: registration results ({@code reg: <aor>: 401 Unauthorized (server)}, {@code <aor>:
 * {0/UDP/v4} 200 OK ...}), {@code session closed: <reason>}, RTP timeouts (1.0's {@code call: error
 * in "audio" rtp stream (Connection timed out)}, later {@code stream: no audio RTP packets received
 * for N milliseconds}) and the stream statistics table printed at call end ({@code rtp_stats yes}).
 */
public final class BaresipDialect implements Dialect {

    private static final Pattern TRACE_START = Pattern.compile("^(?:\\[(\\d{2}:\\d{2}:\\d{2}\\.\\d{3})\\])?#$");
    private static final Pattern TRACE_ROUTE = Pattern.compile(
            "^(UDP|TCP|TLS|WS|WSS) (\\S+) -> (\\S+)$");
    private static final Pattern TIMED = Pattern.compile("^(\\d{2}:\\d{2}:\\d{2}\\.\\d{3})\\|\\s*(.*)$");
    private static final Pattern REG_FAILED = Pattern.compile(
            "^reg: (\\S+?)(?: \\(prio \\d+\\))?: (\\d{3}) ([^(]*?)(?: \\((.*)\\))?$");
    // a REGISTER that never got out: libre's error text, no status (the name did not resolve,
    // the connection was refused)
    private static final Pattern REG_ERROR = Pattern.compile("^reg: (\\S+?)(?: \\(prio \\d+\\))?: Register: (.+)$");
    private static final Pattern REG_OK = Pattern.compile(
            "^(\\S+): \\{\\d+/\\w+/v\\d\\} (\\d{3}) ([^(\\[]*?)(?: \\(.*\\))?(?: \\[\\d+ bindings?\\])?$");
    private static final Pattern SESSION_CLOSED = Pattern.compile("^(\\S+): session closed: (.*)$");
    private static final Pattern RTP_ERROR = Pattern.compile("^call: error in \"(\\w+)\" rtp stream \\((.*)\\)$");
    private static final Pattern NO_RTP = Pattern.compile(
            "^stream: no (\\w+) RTP packets received for (\\d+) milliseconds$");
    private static final Pattern RECEIVING_FROM = Pattern.compile(
            "^stream: incoming rtp for '(\\w+)' established, receiving from (\\S+)$");
    private static final Pattern LOCAL_ADDRESS = Pattern.compile("IPv[46]=[^|\\s]+\\|(\\S+)");
    private static final Pattern TABLE_HEAD = Pattern.compile("^(audio|video)\\s+Transmit:\\s+Receive:$");
    private static final Pattern TABLE_ROW = Pattern.compile("^([a-z. ]+):\\s+(\\S+)\\s+(\\S+)(?:\\s+\\(.*\\))?$");

    @Override
    public String id() {
        return "baresip";
    }

    @Override
    public String description() {
        return "baresip console output with the SIP trace (-s or /siptrace)";
    }

    @Override
    public Role defaultRole() {
        return Role.SOFTPHONE;
    }

    @Override
    public int score(String line) {
        if (line.startsWith("\u001b[36;1m")) {
            String rest = line.substring(7);
            if (TRACE_START.matcher(rest).matches()) {
                return 6;
            }
        }
        String l = LogText.clean(line);
        if (l.startsWith("baresip v") && l.contains("Alfred E. Heggestad")) {
            return 10;
        }
        if (TRACE_ROUTE.matcher(l).matches()) {
            return 3;
        }
        if (l.equals("baresip is ready.") || l.startsWith("ua: stop all") || l.startsWith("Populated ")) {
            return 2;
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
        private final Set<String> localIps = new HashSet<>();
        private String local;
        private boolean inTrace;
        private Instant traceTime;
        private long traceLine;
        private List<String> message;
        private String transport;
        private String src;
        private String dst;
        private long messageLine;
        private String lastCallId;
        private String rtpFrom;
        private boolean rtpTimedOut;
        private Table table;

        Reader(LogContext context) {
            this.context = context;
            this.clock = context.newClock();
        }

        @Override
        public void line(String raw, long number, Consumer<LogEvent> out) {
            // the trace ends with a colour reset, which may share its line with the next output
            boolean traceEnd = raw.startsWith("\u001b[;m");
            String line = LogText.clean(raw);
            if (message != null) {
                if (!traceEnd) {
                    if (message.size() < PendingMessage.MAX_LINES) {
                        message.add(line);
                    }
                    return;
                }
                emit(out);
                if (line.isEmpty()) {
                    return;
                }
            }
            Matcher start = TRACE_START.matcher(line);
            if (start.matches()) {
                inTrace = true;
                traceLine = number;
                traceTime = start.group(1) != null ? clock.at(LocalTime.parse(start.group(1))) : clock.last();
                return;
            }
            if (inTrace) {
                inTrace = false;
                Matcher m = TRACE_ROUTE.matcher(line);
                if (m.matches()) {
                    transport = m.group(1);
                    src = m.group(2);
                    dst = m.group(3);
                    message = new ArrayList<>();
                    messageLine = number + 1;
                    return;
                }
            }
            Matcher timed = TIMED.matcher(line);
            if (timed.matches()) {
                clock.at(LocalTime.parse(timed.group(1)));
                line = timed.group(2);
            }
            text(line.trim(), number, out);
        }

        private void emit(Consumer<LogEvent> out) {
            List<String> lines = message;
            message = null;
            String first = lines.stream().filter(l -> !l.isBlank()).findFirst().orElse("");
            if (first.startsWith("REGISTER ")) {
                local = src; // a phone sends REGISTER, never receives one
            } else if (local == null) {
                local = guessLocal(src, dst);
            }
            Direction direction = src.equals(local) ? Direction.SENT : dst.equals(local) ? Direction.RECEIVED : null;
            PendingMessage pending = new PendingMessage(traceTime, traceLine, direction, transport,
                    direction == Direction.RECEIVED ? src : dst);
            lines.forEach(pending::add);
            pending.emit(context, messageLine, event -> {
                if (event instanceof SipMessage sip && "INVITE".equals(sip.getMethod()) && sip.getCallId() != null) {
                    lastCallId = sip.getCallId();
                }
                out.accept(event);
            });
        }

        private String guessLocal(String from, String to) {
            boolean fromLocal = localIps.contains(hostOf(from));
            boolean toLocal = localIps.contains(hostOf(to));
            return toLocal && !fromLocal ? to : from;
        }

        private void text(String text, long number, Consumer<LogEvent> out) {
            if (table != null) {
                Matcher row = TABLE_ROW.matcher(text);
                if (row.matches()) {
                    table.row(row.group(1).trim(), row.group(2), row.group(3));
                    return;
                }
                endTable(out);
            }
            if (text.isEmpty()) {
                return;
            }
            if (text.startsWith("Local network address:")) {
                Matcher m = LOCAL_ADDRESS.matcher(text);
                while (m.find()) {
                    localIps.add(m.group(1));
                }
                return;
            }
            Matcher m;
            if (text.startsWith("reg: ") && (m = REG_FAILED.matcher(text)).matches()) {
                registration(m.group(1), m.group(2), m.group(3).trim(), number, text, out);
            } else if (text.startsWith("reg: ") && (m = REG_ERROR.matcher(text)).matches()) {
                registrationError(m.group(1), m.group(2).trim(), number, text, out);
            } else if (text.contains("} ") && (m = REG_OK.matcher(text)).matches()) {
                registration(m.group(1), m.group(2), m.group(3).trim(), number, text, out);
            } else if (text.contains(": session closed: ") && (m = SESSION_CLOSED.matcher(text)).matches()) {
                Map<String, String> details = new LinkedHashMap<>();
                details.put("reason", m.group(2));
                out.accept(new LogNotice(clock.last(), origin(number), LogNotice.HANGUP, lastCallId, null, m.group(1), details,
                        text));
            } else if ((m = RTP_ERROR.matcher(text)).matches()) {
                rtpTimeout(m.group(1), m.group(2), null, number, text, out);
            } else if (text.startsWith("stream: no ") && (m = NO_RTP.matcher(text)).matches()) {
                rtpTimeout(m.group(1), "no RTP", m.group(2), number, text, out);
            } else if (text.startsWith("stream: incoming rtp") && (m = RECEIVING_FROM.matcher(text)).matches()) {
                rtpFrom = m.group(2);
            } else if ((m = TABLE_HEAD.matcher(text)).matches()) {
                table = new Table(number, m.group(1));
            }
        }

        private void registration(String aor, String status, String reason, long number, String text,
                                  Consumer<LogEvent> out) {
            boolean ok = status.startsWith("2");
            Map<String, String> details = new LinkedHashMap<>();
            details.put("status", status);
            details.put("reason", reason);
            out.accept(new LogNotice(clock.last(), origin(number), ok ? LogNotice.REGISTRATION_OK
                    : LogNotice.REGISTRATION_FAILED, null, aor, null, details, text));
        }

        /**
         * libre reports a REGISTER it could not send with errno's text. "Destination address
         * required" is its answer when DNS gave no address for the registrar's name; a refused or
         * reset connection is a transport failure towards the registrar (the account's host).
         */
        private void registrationError(String aor, String reason, long number, String text, Consumer<LogEvent> out) {
            String server = aor.startsWith("sip:") || aor.startsWith("sips:") ? aor.substring(aor.indexOf(':') + 1) : aor;
            server = server.substring(server.indexOf('@') + 1);
            int semicolon = server.indexOf(';');
            String params = semicolon < 0 ? "" : server.substring(semicolon).toLowerCase(java.util.Locale.ROOT);
            server = semicolon < 0 ? server : server.substring(0, semicolon);
            String host = org.siphint.sip.HeaderValues.hostOf(server);
            String cause = TransportFailures.causeOf(reason);
            if (reason.equalsIgnoreCase("Destination address required") && !TransportFailures.isAddress(host)) {
                out.accept(LogNotice.of(clock.last(), origin(number), LogNotice.DNS_FAILED, null, aor, null, text,
                        "host", host, "reason", reason));
            } else if (cause != null) {
                String transport = params.contains("transport=tls") || aor.startsWith("sips:") ? "TLS"
                        : params.contains("transport=tcp") ? "TCP" : null; // the line drops the account's transport
                out.accept(LogNotice.of(clock.last(), origin(number), LogNotice.TRANSPORT_FAILED, null, aor, server, text,
                        "cause", cause, "reason", reason, "transport", transport));
            }
        }

        private void rtpTimeout(String media, String reason, String millis, long number, String text,
                                Consumer<LogEvent> out) {
            // 1.0 reports the RTP timeout as the stream's error ETIMEDOUT
            if (millis == null && !reason.contains("timed out")) {
                return;
            }
            rtpTimedOut = true;
            Map<String, String> details = new LinkedHashMap<>();
            details.put("media", media);
            if (millis != null) {
                details.put("seconds", String.valueOf(Long.parseLong(millis) / 1000));
            }
            out.accept(new LogNotice(clock.last(), origin(number), LogNotice.RTP_TIMEOUT, lastCallId, null, rtpFrom, details,
                    text));
        }

        private void endTable(Consumer<LogEvent> out) {
            Table t = table;
            table = null;
            out.accept(MediaReport.builder(clock.last(), origin(t.line)).callId(lastCallId).media(t.media)
                    .remoteAddress(rtpFrom).packetsSent(t.sent).packetsReceived(t.received).packetsLost(t.lost)
                    .jitterMs(t.jitter).rtpTimeout(rtpTimedOut).streamEnd(true)
                    .text(t.media + " at call end: sent " + t.sent + " packets, received " + t.received
                            + (t.lost >= 0 ? ", lost " + t.lost : "")
                            + (Double.isNaN(t.jitter) ? "" : ", jitter " + t.jitter + " ms"))
                    .build());
            rtpFrom = null;
            rtpTimedOut = false;
        }

        @Override
        public void flush(Consumer<LogEvent> out) {
            if (message != null) {
                emit(out);
            }
            if (table != null) {
                endTable(out);
            }
        }

        private Origin origin(long line) {
            return new Origin(context.file(), line, context.role());
        }

        private static String hostOf(String address) {
            int colon = address.lastIndexOf(':');
            String host = colon > 0 ? address.substring(0, colon) : address;
            return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        }
    }

    /** The stream table: rows of Transmit and Receive columns. */
    private static final class Table {
        final long line;
        final String media;
        long sent = -1;
        long received = -1;
        long lost = -1;
        double jitter = Double.NaN;

        Table(long line, String media) {
            this.line = line;
            this.media = media;
        }

        void row(String name, String transmit, String receive) {
            switch (name) {
                case "packets" -> {
                    sent = LogText.parseInt(transmit, -1);
                    received = LogText.parseInt(receive, -1);
                }
                case "lost" -> lost = LogText.parseInt(receive, -1);
                case "jitter" -> jitter = LogText.parseDouble(receive);
                default -> {
                    // avg. bitrate, errors, pkt.report: not used by any rule
                }
            }
        }
    }
}
