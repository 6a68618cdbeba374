package org.siphint.dialect.kamailio;

import java.time.Instant;
import java.time.LocalTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.dialect.Dialect;
import org.siphint.dialect.DialectReader;
import org.siphint.dialect.LogClock;
import org.siphint.dialect.LogContext;
import org.siphint.dialect.LogText;
import org.siphint.dialect.TransportFailures;
import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.event.Origin;
import org.siphint.event.Role;

/**
 * Kamailio's own log lines ({@code src/core/dprint.h}), from syslog or from stderr ({@code -E},
 * {@code log_stderror=yes}, containers):
 * <pre>
 * Mar  4 10:12:01 host kamailio[28429]: ERROR: tm [t_fwd.c:1580]: t_forward_nonack(): failure to add branches
 * 2024-03-04T10:12:01.123456+01:00 host kamailio[28429]: NOTICE: &lt;script&gt;: ...
 *  1(19087) NOTICE: &lt;script&gt;: REGISTER of sip:alice@... not authorized
 * </pre>
 * stderr lines carry no time: they get the file's date and the last time seen. Errors of the core and
 * modules become {@code server-error} notices ({@code send-failed} when a message could not be sent,
 * with the destination as peer), except a connection Kamailio could not open and a name it could
 * not resolve, which become the {@code transport-failed} and {@code dns-failed} notices a phone's
 * log gives; {@code xlog} lines of the routing script become {@code script}
 * notices, whose wording is the configuration's own. SIP messages are not in these lines: read the
 * sipdump files ({@code sipdump} dialect) for them.
 */
public final class KamailioDialect implements Dialect {

    /** Notice kinds this dialect adds. */
    public static final String SERVER_ERROR = "server-error";
    public static final String SEND_FAILED = "send-failed";
    public static final String SCRIPT = "script";

    private static final String LEVELS = "(ALERT|BUG|CRITICAL|ERROR|WARNING|NOTICE|INFO|DEBUG)";
    private static final Pattern STDERR = Pattern.compile("^\\s*\\d+\\(\\d+\\) " + LEVELS + ": (.*)$");
    private static final Pattern SYSLOG = Pattern.compile(
            "^(?:([A-Z][a-z]{2}) +(\\d{1,2}) (\\d\\d:\\d\\d:\\d\\d)|(\\d{4}-\\d\\d-\\d\\dT\\S+)) \\S+ "
                    + "(?:\\S*/)?(?:kamailio|ser)\\[\\d+\\]: " + LEVELS + ": (.*)$");
    private static final Pattern BODY = Pattern.compile(
            "^(?:<(core|script)>|([\\w-]+)) ?(?:\\[([^\\]]+)\\])?: (?:(\\w+)\\(\\): )?(.*)$");
    private static final Pattern DESTINATION = Pattern.compile("dst: \\(?([0-9a-fA-F.:\\[\\]]+?):(\\d+)\\)?");
    /** The first address:port of a core or TLS error ("connect 10.0.0.9:5060 failed (RST) Connection refused"). */
    private static final Pattern ADDRESS_PORT = Pattern.compile(
            "(?<![\\w.:])(\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-fA-F:.]+\\]):(\\d{1,5})(?![\\w.])");
    /**
     * resolve.c's sip_hostport2su() and proxy.c's mk_proxy() ({@code could not resolve hostname:
     * "pbx.example.com"}), tm's uri2dst2() ({@code failed to resolve "pbx.example.com"}).
     */
    private static final Pattern UNRESOLVED = Pattern.compile("(?:could not resolve hostname:|failed to resolve) \"([^\"]+)\"");

    @Override
    public String id() {
        return "kamailio";
    }

    @Override
    public String description() {
        return "Kamailio log lines (syslog or stderr)";
    }

    @Override
    public Role defaultRole() {
        return Role.PBX;
    }

    @Override
    public int score(String line) {
        String l = LogText.clean(line);
        Matcher m = STDERR.matcher(l);
        if (m.matches()) {
            return m.group(2).startsWith("<core>") || m.group(2).startsWith("<script>") ? 4 : 2;
        }
        if (SYSLOG.matcher(l).matches()) {
            return 5;
        }
        return l.contains("Thank you for flying kamailio") ? 8 : 0;
    }

    @Override
    public DialectReader open(LogContext context) {
        return new Reader(context);
    }

    private static final class Reader implements DialectReader {
        private final LogContext context;
        private final LogClock clock;

        Reader(LogContext context) {
            this.context = context;
            this.clock = context.newClock();
        }

        @Override
        public void line(String raw, long number, Consumer<LogEvent> out) {
            String line = LogText.clean(raw);
            String level;
            String body;
            Instant time;
            Matcher m = STDERR.matcher(line);
            if (m.matches()) {
                level = m.group(1);
                body = m.group(2);
                time = clock.last();
            } else if ((m = SYSLOG.matcher(line)).matches()) {
                level = m.group(5);
                body = m.group(6);
                time = syslogTime(m);
            } else {
                return;
            }
            Matcher b = BODY.matcher(body);
            if (!b.matches()) {
                return;
            }
            boolean script = "script".equals(b.group(1));
            String module = b.group(1) != null ? b.group(1) : b.group(2);
            String message = b.group(5);
            boolean error = level.equals("ERROR") || level.equals("CRITICAL") || level.equals("ALERT")
                    || level.equals("BUG");
            if (!script && !error) {
                return;
            }
            Map<String, String> details = new LinkedHashMap<>();
            details.put("level", level.toLowerCase(Locale.ROOT));
            details.put("module", module);
            if (b.group(4) != null) {
                details.put("function", b.group(4));
            }
            Origin origin = new Origin(context.file(), number, context.role());
            if (!script && belowSip(time, origin, module, message, out)) {
                return;
            }
            String peer = null;
            String kind = script ? SCRIPT : SERVER_ERROR;
            if (!script && (message.contains("sendto(") || message.contains("msg_send") || message.contains("send failed"))) {
                kind = SEND_FAILED;
                Matcher d = DESTINATION.matcher(message);
                if (d.find()) {
                    peer = d.group(1) + ":" + d.group(2);
                }
            }
            out.accept(new LogNotice(time, origin, kind, null, null, peer, details, message));
        }

        /**
         * A connection Kamailio opened that failed (tcp_main.c's {@code connect 10.0.0.9:5060 failed
         * (RST) Connection refused}, a TLS handshake error naming its peer) or a name it could not
         * resolve: the notices transport-failure and dns-failure are judged on, as from a phone's log.
         */
        private boolean belowSip(Instant time, Origin origin, String module, String message, Consumer<LogEvent> out) {
            Matcher m = UNRESOLVED.matcher(message);
            if (m.find() && !TransportFailures.isAddress(m.group(1))) {
                out.accept(LogNotice.of(time, origin, LogNotice.DNS_FAILED, null, null, null, message,
                        "host", m.group(1)));
                return true;
            }
            String cause = TransportFailures.causeOf(message);
            // an ICMP error on a UDP sendto() is no connection: it stays a send-failed notice
            if (cause == null || message.contains("sendto(") || !(message.contains("connect") || "tls".equals(module))) {
                return false;
            }
            m = ADDRESS_PORT.matcher(message);
            if (!m.find()) {
                return false;
            }
            boolean tls = "tls".equals(module) || cause.equals(TransportFailures.TLS_HANDSHAKE);
            out.accept(LogNotice.of(time, origin, LogNotice.TRANSPORT_FAILED, null, null, m.group(1) + ":" + m.group(2),
                    message, "cause", cause, "reason", reasonOf(message), "transport", tls ? "TLS" : "TCP"));
            return true;
        }

        /** The system's words after the last "failed": "Connection refused", not the function's. */
        private static String reasonOf(String message) {
            int at = message.lastIndexOf("failed");
            String reason = at < 0 ? message : message.substring(at + "failed".length());
            reason = reason.replaceFirst("^[:\\s]*(?:\\(RST\\)\\s*)?", "").replaceFirst("\\s*\\(\\d+\\)$", "").trim();
            return reason.isEmpty() ? message : reason;
        }

        private Instant syslogTime(Matcher m) {
            try {
                if (m.group(4) != null) {
                    return clock.at(OffsetDateTime.parse(m.group(4)).toInstant());
                }
                Month month = Month.valueOf(monthName(m.group(1)));
                return clock.at(month, Integer.parseInt(m.group(2)), LocalTime.parse(m.group(3)));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                return clock.last();
            }
        }

        private static String monthName(String abbreviation) {
            for (Month month : Month.values()) {
                if (month.name().substring(0, 3).equalsIgnoreCase(abbreviation)) {
                    return month.name();
                }
            }
            throw new IllegalArgumentException(abbreviation);
        }

        @Override
        public void flush(Consumer<LogEvent> out) {
            // one line is one record: nothing is ever pending
        }
    }
}
