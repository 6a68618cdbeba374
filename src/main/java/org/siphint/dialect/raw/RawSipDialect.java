package org.siphint.dialect.raw;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.dialect.Dialect;
import org.siphint.dialect.DialectReader;
import org.siphint.dialect.LogClock;
import org.siphint.dialect.LogContext;
import org.siphint.dialect.LogText;
import org.siphint.dialect.PendingMessage;
import org.siphint.dialect.SipCursor;
import org.siphint.dialect.ViaPerspective;
import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.Origin;
import org.siphint.event.Role;
import org.siphint.event.SipMessage;
import org.siphint.sip.HeaderValues;
import org.siphint.sip.ParsedMessage;
import org.siphint.sip.SipParseException;
import org.siphint.sip.SipParser;

/**
 * Plain SIP messages one after the other, separated by blank lines: messages pasted from a
 * capture, or sngrep's text export ({@code save_msg_txt}: a line {@code 2024/03/04 10:12:01.123456
 * 192.0.2.1:5060 -> 192.0.2.10:5060} before each message). The fallback dialect: it scores low, so
 * any format with its own framing wins a file that holds SIP messages.
 *
 * <p>A message ends when the body its Content-Length announced is complete (or at the blank line
 * after the headers without one); text between messages is skipped. Without an sngrep line a
 * message has no time of its own and gets the file's date.
 *
 * <p><b>Direction.</b> A dump does not say who wrote it. This dialect takes the sender of the first
 * message as the program whose log it is: with sngrep lines the source address, and the other
 * address of the line is the peer; without them, {@link ViaPerspective} tells both from the
 * messages' Via. The transport is the first Via's.
 */
public final class RawSipDialect implements Dialect {

    private static final Pattern SNGREP = Pattern.compile(
            "^(\\d{4}/\\d\\d/\\d\\d) (\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?) (\\S+) -> (\\S+)\\s*$");
    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    @Override
    public String id() {
        return "raw";
    }

    @Override
    public String description() {
        return "plain SIP messages separated by blank lines (pasted messages, sngrep text export)";
    }

    @Override
    public Role defaultRole() {
        return Role.SOFTPHONE;
    }

    @Override
    public int score(String line) {
        String clean = LogText.clean(line);
        if (clean.length() > 20 && clean.charAt(4) == '/' && SNGREP.matcher(clean).matches()) {
            return 10;
        }
        return SipParser.isStartLine(clean) ? 3 : 0;
    }

    @Override
    public DialectReader open(LogContext context) {
        return new Reader(context);
    }

    private static final class Reader implements DialectReader {
        private final LogContext context;
        private final LogClock clock;
        private final ViaPerspective perspective = new ViaPerspective();
        private SipCursor cursor = new SipCursor();
        private final List<String> lines = new ArrayList<>();
        private long firstLine;
        private Instant time;
        private String source;
        private String destination;
        /** The sngrep source address of the first message: this side. */
        private String own;

        Reader(LogContext context) {
            this.context = context;
            this.clock = context.newClock();
            this.time = clock.last();
        }

        @Override
        public void line(String raw, long number, Consumer<LogEvent> out) {
            String line = LogText.clean(raw);
            if (line.length() > 20 && line.charAt(4) == '/') {
                Matcher m = SNGREP.matcher(line);
                if (m.matches()) {
                    emit(out);
                    time = clock.at(LocalDateTime.of(LocalDate.parse(m.group(1), SLASHED), LocalTime.parse(m.group(2))));
                    source = m.group(3);
                    destination = m.group(4);
                    return;
                }
            }
            if (cursor.state() == SipCursor.State.HEADERS && SipParser.isStartLine(line.trim())) {
                emit(out); // the message before was cut: a new one starts without a blank line
            }
            SipCursor.State before = cursor.state();
            SipCursor.State state = cursor.feed(line);
            if (state == SipCursor.State.HEADERS && before != SipCursor.State.HEADERS) {
                emitLines(out); // a body without Content-Length ends at the next start line
                firstLine = number;
            }
            boolean completes = state == SipCursor.State.COMPLETE && before != SipCursor.State.COMPLETE;
            if ((cursor.insideMessage() || completes) && lines.size() < PendingMessage.MAX_LINES) {
                lines.add(line);
            }
            if (completes) {
                emitLines(out);
            }
        }

        @Override
        public void flush(Consumer<LogEvent> out) {
            emit(out);
        }

        private void emit(Consumer<LogEvent> out) {
            cursor = new SipCursor();
            emitLines(out);
        }

        private void emitLines(Consumer<LogEvent> out) {
            if (lines.isEmpty()) {
                return;
            }
            List<String> message = new ArrayList<>(lines);
            lines.clear();
            try {
                SipParser.Result result = SipParser.parse(message, 0);
                ParsedMessage parsed = result.message();
                String text = String.join("\n", message.subList(0, Math.max(result.end(), 1))).stripTrailing();
                String via = parsed.header("Via");
                Direction direction = direction(parsed, via);
                String peer = peer(parsed, via, direction);
                out.accept(new SipMessage(time, new Origin(context.file(), firstLine, context.role()), direction,
                        HeaderValues.viaTransport(via), peer, parsed, text));
            } catch (SipParseException e) {
                // not SIP after all: a dump holds such text
            } finally {
                source = null;
                destination = null;
            }
        }

        private Direction direction(ParsedMessage m, String via) {
            if (source != null) {
                if (own == null) {
                    own = source;
                }
                return own.equals(source) ? Direction.SENT : Direction.RECEIVED;
            }
            return perspective.direction(m, via);
        }

        private String peer(ParsedMessage m, String via, Direction direction) {
            if (source != null) {
                return direction == Direction.SENT ? destination : source;
            }
            return perspective.peer(m, via, direction);
        }
    }
}
