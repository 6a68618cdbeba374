package org.siphint.dialect.pjsip;

import java.time.Instant;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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
import org.siphint.event.SipMessage;

/**
 * Logs of pjsip-based softphones: pjsua, MicroSIP and most pjsua2 apps ({@code pjlib/src/pj/log.c}
 * decor, {@code pjsip/src/pjsua-lib/pjsua_core.c} message logging):
 * <pre>
 * 18:14:08.505           pjsua_core.c  .TX 523 bytes Request msg REGISTER/cseq=45611 (tdta0x5628) to UDP 192.0.2.1:5060:
 * REGISTER sip:example.com SIP/2.0
 * ...
 * --end msg--
 * </pre>
 * Also reads registration results and the media statistics of the call dump
 * ({@code pjsua_dump.c}) into {@link MediaReport}s.
 */
public final class PjsipDialect implements Dialect {

    // time, sender right-aligned, a '!' when the thread changed, '.' per indent level, then the text
    private static final Pattern RECORD = Pattern.compile(
            "^(\\d{2}:\\d{2}:\\d{2}\\.\\d{3}) +(\\S+) [ !]?\\.*(.*)$");
    private static final Pattern MESSAGE_HEADER = Pattern.compile(
            "^(TX|RX) (\\d+) bytes (Request|Response) msg (\\S+) \\((\\w+)\\) (?:to|from) (\\w+) (\\S+?):?$");
    private static final Pattern REGISTRATION = Pattern.compile(
            "(?:(\\S+): )?(?:SIP )?registration (failed|success|error)[:,]? ?(?:status=(\\d+) \\(([^)]*)\\))?");
    // sip_transport_tcp.c / sip_transport_tls.c (level 4, sender tcpc0x... / tlsc0x...):
    // TCP transport 192.168.1.20:49512 is connecting to 192.0.2.10:5060...
    private static final Pattern CONNECTING = Pattern.compile("^(TCP|TLS) transport \\S+ is connecting to (\\S+?)\\.\\.\\.");
    // tcp_perror (level 3, the same sender): TCP connect() error: Connection refused [code=120111]
    private static final Pattern CONNECT_ERROR = Pattern.compile("^(TCP|TLS) connect\\(\\) error: (.*?) \\[code=\\d+\\]");
    // sip_resolve.c: no address for the name (the SRV/A lookups or gethostbyname() failed)
    private static final Pattern RESOLVE_FAILED = Pattern.compile("^Failed to resolve '([^']+)'\\. Err=\\d+ \\((.*)\\)$");
    private static final Pattern STREAM = Pattern.compile(
            "#(\\d+) (audio|video)(?: (\\S+) @\\d+kHz)?, (sendrecv|sendonly|recvonly|inactive), peer=(\\S+)");
    private static final Pattern TOTAL = Pattern.compile("total ([\\d.]+[KM]?)pkt");
    private static final Pattern LOSS = Pattern.compile("pkt loss=(\\d+) \\(\\s*([\\d.]+)%\\)");
    private static final Pattern STATS = Pattern.compile(
            "(jitter|RTT msec)\\s*:\\s*([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)");
    private static final Pattern DUMP_TO = Pattern.compile("\\[[A-Z ]+\\] To: \\S*;tag=([^;\\s]+)");

    @Override
    public String id() {
        return "pjsip";
    }

    @Override
    public String description() {
        return "pjsip-based softphones (pjsua, MicroSIP, pjsua2 apps)";
    }

    @Override
    public org.siphint.event.Role defaultRole() {
        return org.siphint.event.Role.SOFTPHONE;
    }

    @Override
    public int score(String line) {
        String clean = LogText.clean(line);
        if (clean.contains("--end msg--")) {
            return 8;
        }
        Matcher m = RECORD.matcher(clean);
        if (m.matches()) {
            String text = m.group(3);
            if (MESSAGE_HEADER.matcher(text).matches()) {
                return 10;
            }
            return m.group(2).endsWith(".c") || m.group(2).startsWith("tsx") ? 3 : 1;
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
        private final Map<String, String> callIdByTag = new HashMap<>();
        /** The peer each TCP/TLS transport object (tcpc0x...) was last connecting to: its error line names none. */
        private final Map<String, String> connecting = new java.util.LinkedHashMap<>();
        private PendingMessage pending;
        private long pendingFirstMessageLine;
        private StreamStats stream;
        private String dumpCallId;
        private Instant lastTime;

        Reader(LogContext context) {
            this.context = context;
            this.clock = context.newClock();
            this.lastTime = clock.last();
        }

        @Override
        public void line(String raw, long number, Consumer<LogEvent> out) {
            String line = LogText.clean(raw);
            if (pending != null) {
                if (line.startsWith("--end msg--")) {
                    emitPending(out);
                    return;
                }
                if (!startsWithTime(line)) {
                    pending.add(line);
                    return;
                }
                emitPending(out); // truncated by the 4000-byte record limit: the next record came first
            }
            if (startsWithTime(line)) {
                Matcher record = RECORD.matcher(line);
                LocalTime time = record.matches() ? time(record.group(1)) : null;
                if (time != null) {
                    lastTime = clock.at(time);
                    record(record.group(2), record.group(3).trim(), number, out);
                    return;
                }
            }
            continuation(line.trim(), number, out);
        }

        private void record(String sender, String text, long number, Consumer<LogEvent> out) {
            if (text.startsWith("TX ") || text.startsWith("RX ")) {
                Matcher m = MESSAGE_HEADER.matcher(text);
                if (m.matches()) {
                    endStream(out);
                    Direction direction = m.group(1).equals("TX") ? Direction.SENT : Direction.RECEIVED;
                    pending = new PendingMessage(lastTime, number, direction, m.group(6), m.group(7));
                    pendingFirstMessageLine = number + 1;
                    return;
                }
            }
            if (transportLine(sender, text, number, out)) {
                return;
            }
            if (text.contains("registration")) {
                Matcher m = REGISTRATION.matcher(text);
                if (m.find()) {
                    boolean ok = m.group(2).equals("success");
                    Map<String, String> details = new LinkedHashMap<>();
                    if (m.group(3) != null) {
                        details.put("status", m.group(3));
                        details.put("reason", m.group(4));
                    }
                    out.accept(new LogNotice(lastTime, origin(number),
                            ok ? LogNotice.REGISTRATION_OK : LogNotice.REGISTRATION_FAILED, null, m.group(1), null,
                            details, text));
                    return;
                }
            }
            continuation(text, number, out);
        }

        /** A failed connection, TLS handshake or name lookup, which no SIP message shows; true when the line was one. */
        private boolean transportLine(String sender, String text, long number, Consumer<LogEvent> out) {
            Matcher m;
            if (text.contains(" is connecting to ") && (m = CONNECTING.matcher(text)).find()) {
                connecting.put(sender, m.group(2));
                if (connecting.size() > 64) {
                    connecting.remove(connecting.keySet().iterator().next());
                }
                return false;
            }
            if (text.contains(" connect() error: ") && (m = CONNECT_ERROR.matcher(text)).find()) {
                String cause = TransportFailures.causeOf(m.group(2));
                if (cause != null) {
                    out.accept(LogNotice.of(lastTime, origin(number), LogNotice.TRANSPORT_FAILED, null, null, connecting.get(sender),
                            text, "cause", cause, "reason", m.group(2), "transport", m.group(1)));
                    return true;
                }
            }
            TransportFailures.Handshake handshake = text.startsWith("SSL_ERROR_") ? TransportFailures.pjlibHandshake(text) : null;
            if (handshake != null) {
                out.accept(LogNotice.of(lastTime, origin(number), LogNotice.TRANSPORT_FAILED, null, null, handshake.peer(), text,
                        "cause", TransportFailures.TLS_HANDSHAKE, "reason", handshake.reason(), "transport", "TLS"));
                return true;
            }
            if (text.startsWith("Failed to resolve '") && (m = RESOLVE_FAILED.matcher(text)).matches()
                    && !TransportFailures.isAddress(m.group(1))) {
                out.accept(LogNotice.of(lastTime, origin(number), LogNotice.DNS_FAILED, null, null, null, text,
                        "host", m.group(1), "reason", m.group(2)));
                return true;
            }
            return false;
        }

        /** Lines of the call dump: the first has the record prefix, the others none. */
        private void continuation(String text, long number, Consumer<LogEvent> out) {
            if (text.isEmpty()) {
                return;
            }
            if (text.startsWith("[") && text.contains("] To: ")) {
                Matcher m = DUMP_TO.matcher(text);
                dumpCallId = m.find() ? callIdByTag.get(m.group(1)) : null;
                return;
            }
            if (text.startsWith("#")) {
                Matcher m = STREAM.matcher(text);
                if (m.find()) {
                    endStream(out);
                    stream = new StreamStats(number, m.group(2), m.group(3), m.group(5), dumpCallId);
                    stream.text.append(text);
                }
                return;
            }
            if (stream == null) {
                return;
            }
            if (text.startsWith("RX ")) {
                stream.rx = true;
            } else if (text.startsWith("TX ")) {
                stream.rx = false;
            } else if (text.startsWith("total ")) {
                Matcher m = TOTAL.matcher(text);
                if (m.find()) {
                    long packets = goodNumber(m.group(1));
                    if (stream.rx) {
                        stream.received = packets;
                    } else {
                        stream.sent = packets;
                    }
                }
            } else if (text.startsWith("pkt loss=") && stream.rx) {
                Matcher m = LOSS.matcher(text);
                if (m.find()) {
                    stream.lost = Long.parseLong(m.group(1));
                    stream.lossPercent = LogText.parseDouble(m.group(2));
                }
            } else if (text.startsWith("jitter") || text.startsWith("RTT msec")) {
                Matcher m = STATS.matcher(text);
                if (m.find()) {
                    double avg = LogText.parseDouble(m.group(3));
                    if (m.group(1).equals("RTT msec")) {
                        stream.rtt = avg;
                        endStream(out);
                    } else if (stream.rx) {
                        stream.jitter = avg;
                    }
                }
            }
        }

        private void endStream(Consumer<LogEvent> out) {
            if (stream == null) {
                return;
            }
            StreamStats s = stream;
            stream = null;
            out.accept(MediaReport.builder(lastTime, origin(s.line)).callId(s.callId).media(s.media).codec(s.codec)
                    .remoteAddress(s.peer).packetsSent(s.sent).packetsReceived(s.received).packetsLost(s.lost)
                    .lossPercent(s.lossPercent).jitterMs(s.jitter).rttMs(s.rtt).streamEnd(true)
                    .text("call dump: " + s.media + " " + (s.codec == null ? "" : s.codec + " ") + "peer " + s.peer
                            + ", sent " + s.sent + " packets, received " + s.received + ", lost " + s.lost
                            + (Double.isNaN(s.jitter) ? "" : ", jitter " + s.jitter + " ms"))
                    .build());
        }

        private void emitPending(Consumer<LogEvent> out) {
            PendingMessage message = pending;
            pending = null;
            message.emit(context, pendingFirstMessageLine, event -> {
                if (event instanceof SipMessage sip && sip.getCallId() != null) {
                    remember(sip.getFromTag(), sip.getCallId());
                    remember(sip.getToTag(), sip.getCallId());
                }
                out.accept(event);
            });
        }

        private void remember(String tag, String callId) {
            if (tag != null && !tag.isEmpty()) {
                if (callIdByTag.size() > 10_000) {
                    callIdByTag.clear(); // a bound, not a cache policy: dumps follow their call closely
                }
                callIdByTag.put(tag, callId);
            }
        }

        @Override
        public void flush(Consumer<LogEvent> out) {
            if (pending != null) {
                emitPending(out);
            }
            endStream(out);
        }

        @Override
        public long firstHeldLine() {
            long held = 0;
            if (pending != null) {
                held = pending.firstLine();
            }
            if (stream != null && (held == 0 || stream.line < held)) {
                held = stream.line;
            }
            return held;
        }

        private Origin origin(long line) {
            return new Origin(context.file(), line, context.role());
        }

        /** The record's time, or null for digits that are no time of day (a broken line is text, not a record). */
        private static LocalTime time(String text) {
            try {
                return LocalTime.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }

        private static boolean startsWithTime(String line) {
            return line.length() > 13 && line.charAt(2) == ':' && line.charAt(5) == ':' && line.charAt(8) == '.'
                    && Character.isDigit(line.charAt(0));
        }

        /** pjsua's good_number(): 123, 1.2K, 3.45M. */
        private static long goodNumber(String s) {
            double factor = s.endsWith("K") ? 1_000 : s.endsWith("M") ? 1_000_000 : 1;
            String digits = factor == 1 ? s : s.substring(0, s.length() - 1);
            double v = LogText.parseDouble(digits);
            return Double.isNaN(v) ? -1 : Math.round(v * factor);
        }
    }

    private static final class StreamStats {
        final long line;
        final String media;
        final String codec;
        final String peer;
        final String callId;
        final StringBuilder text = new StringBuilder();
        boolean rx;
        long sent = -1;
        long received = -1;
        long lost = -1;
        double lossPercent = Double.NaN;
        double jitter = Double.NaN;
        double rtt = Double.NaN;

        StreamStats(long line, String media, String codec, String peer, String callId) {
            this.line = line;
            this.media = media;
            this.codec = codec;
            this.peer = peer;
            this.callId = callId;
        }
    }
}
