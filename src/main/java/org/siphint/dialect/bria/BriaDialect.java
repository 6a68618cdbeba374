package org.siphint.dialect.bria;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.dialect.Dialect;
import org.siphint.dialect.DialectReader;
import org.siphint.dialect.LogClock;
import org.siphint.dialect.LogContext;
import org.siphint.dialect.LogText;
import org.siphint.dialect.StreamReads;
import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.Role;

/**
 * Bria / CounterPath softphones ({@code Log.txt}, {@code Output.txt} from Troubleshooting, collect
 * logs), whose SIP stack is reSIProcate:
 * <pre>
 * 2022-05-24 10:21:10.754 | INFO |   RESIP:TRANSPORT | 110164 t44372 Transmitting to [ V4 192.0.2.1:5060 TCP target domain=192.0.2.1 mFlowKey=0 ] tlsDomain= via [ V4 ... ]
 *
 * REGISTER sip:example.com SIP/2.0
 * ...
 * 2022-05-24 10:21:10.801 | INFO |   RESIP:TRANSPORT | 110164 t328 incoming from: [ V4 192.0.2.1:5060 TCP target domain=unspecified mFlowKey=4512 ]
 * </pre>
 * The message follows the record on the next lines (after a blank line) and ends at the next
 * record; some "Transmitting to" records carry no message. An incoming stream read may hold two
 * messages or a part of one ({@link StreamReads}). The layout is the one Avaya's converter
 * {@code traceBRIA.sh} documents; no Bria log was available to check it against.
 */
public final class BriaDialect implements Dialect {

    private static final Pattern RECORD = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d\\.\\d{1,6}) \\| *(\\w+) *\\| *([^|]*?) *\\| (.*)$");
    private static final Pattern TRANSPORT = Pattern.compile(
            "(Transmitting to|incoming from:) \\[ V([46]) (\\S+) (\\w+)(?: |\\])");

    @Override
    public String id() {
        return "bria";
    }

    @Override
    public String description() {
        return "Bria / CounterPath softphones (reSIProcate transport log)";
    }

    @Override
    public Role defaultRole() {
        return Role.SOFTPHONE;
    }

    @Override
    public int score(String line) {
        String clean = LogText.clean(line);
        if (!looksLikeRecord(clean)) {
            return 0;
        }
        Matcher m = RECORD.matcher(clean);
        if (!m.matches()) {
            return 0;
        }
        if (m.group(4).startsWith("RESIP") && TRANSPORT.matcher(m.group(5)).find()) {
            return 10;
        }
        return m.group(4).startsWith("RESIP") ? 4 : 2;
    }

    @Override
    public DialectReader open(LogContext context) {
        return new Reader(context);
    }

    private static boolean looksLikeRecord(String s) {
        return s.length() > 26 && s.charAt(4) == '-' && s.charAt(10) == ' ' && s.charAt(13) == ':'
                && s.indexOf(" | ") > 0 && Character.isDigit(s.charAt(0));
    }

    /** reSIProcate prints an IPv6 tuple as {@code addr:port} without brackets: add them. */
    static String peer(String version, String address) {
        if (!version.equals("6") || address.startsWith("[")) {
            return address;
        }
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : "[" + address.substring(0, colon) + "]" + address.substring(colon);
    }

    private static final class Reader implements DialectReader {
        private final LogClock clock;
        private final StreamReads reads;

        Reader(LogContext context) {
            this.clock = context.newClock();
            this.reads = new StreamReads(context);
        }

        @Override
        public void line(String raw, long number, Consumer<LogEvent> out) {
            String line = LogText.clean(raw);
            if (looksLikeRecord(line)) {
                Matcher m = RECORD.matcher(line);
                if (m.matches()) {
                    reads.end(out);
                    java.time.Instant time = clock.at(LocalDateTime.of(LocalDate.parse(m.group(1)),
                            LocalTime.parse(m.group(2))));
                    String text = m.group(5);
                    if (m.group(4).startsWith("RESIP:TRANSPORT")
                            && (text.contains("Transmitting to") || text.contains("incoming from:"))) {
                        Matcher t = TRANSPORT.matcher(text);
                        if (t.find()) {
                            Direction direction = t.group(1).startsWith("Transmitting") ? Direction.SENT
                                    : Direction.RECEIVED;
                            reads.begin(time, number, direction, t.group(4), peer(t.group(2), t.group(3)), out);
                        }
                    }
                    return;
                }
            }
            if (!reads.isOpen()) {
                return;
            }
            if (line.startsWith(" | ") || line.startsWith("sigcomp ")) {
                reads.end(out);
                return;
            }
            reads.add(line, number, out);
        }

        @Override
        public void flush(Consumer<LogEvent> out) {
            reads.flush(out);
        }
    }
}
