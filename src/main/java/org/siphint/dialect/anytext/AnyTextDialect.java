package org.siphint.dialect.anytext;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

import org.siphint.dialect.Dialect;
import org.siphint.dialect.DialectReader;
import org.siphint.dialect.LogClock;
import org.siphint.dialect.LogContext;
import org.siphint.dialect.LogText;
import org.siphint.dialect.PendingMessage;
import org.siphint.dialect.ViaPerspective;
import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.event.Origin;
import org.siphint.event.Role;
import org.siphint.event.SipMessage;
import org.siphint.sip.HeaderValues;
import org.siphint.sip.ParsedMessage;
import org.siphint.sip.SipParseException;
import org.siphint.sip.SipParser;

/**
 * SIP messages inside a log of a format no dialect knows (Twinkle, Jitsi, Zoiper, a phone's
 * syslog...): the fallback that detection chooses when no format recognises a file whose head
 * holds a SIP start line followed by headers.
 *
 * <p><b>Framing.</b> A start line ({@code INVITE sip:... SIP/2.0}, {@code SIP/2.0 488 ...}) may stand
 * behind a log prefix (timestamp, level, thread, module). Its header lines carry the same prefix
 * (syslog writes one record a line), or none, or an indent; the prefix is matched by its shape (digits may
 * differ) and stripped. The headers end at a blank line, or at a line that is not a header (the
 * next log record); the body is as long as Content-Length says, and ends early at a line without
 * the prefix, or, when there is none, at a line that starts a new record (a start line, a line
 * with a timestamp). A message without Call-ID and CSeq is not taken. A message holds at most {@link PendingMessage#MAX_LINES} lines and
 * {@link PendingMessage#MAX_CHARS} characters; a message cut short (the end of the file, a
 * Content-Length larger than what follows) is read as far as it goes.
 *
 * <p><b>Time.</b> The timestamp on the start line's prefix, else the nearest one before the message
 * (see {@link Timestamps} for the forms); without any, the file's date.
 *
 * <p><b>Direction and peer.</b> From the words of the prefix and of the up to {@link #CONTEXT} lines
 * between the previous message and this one, the nearest first (see {@link Nearby}). A direction
 * the words give teaches this side's own Via address (the sent-by of a request it sent or of a
 * response it received); a message the words say nothing about is judged by its top Via against
 * that address, or, before any is known, by {@link ViaPerspective}'s rule (the first message's
 * sender is this side). A peer the words do not name comes from the headers as there.
 *
 * <p>Before its first message the reader emits a {@link LogNotice#FORMAT_GUESSED} notice, from
 * which {@code watch} and {@code replay} tell once that the format was guessed.
 */
public final class AnyTextDialect implements Dialect {

    public static final String ID = "anytext";
    /** How many lines before a message are read for its direction and peer. */
    static final int CONTEXT = 3;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "SIP messages found inside a log of another format (the format guessed)";
    }

    /** Never claims a file by its lines: detection chooses this reader when no other claims it. */
    @Override
    public int score(String line) {
        return 0;
    }

    @Override
    public Role defaultRole() {
        return Role.SOFTPHONE;
    }

    @Override
    public DialectReader open(LogContext context) {
        return new Reader(context);
    }

    /**
     * Whether these lines (a file's head) hold a SIP message: a start line, with or without a prefix,
     * followed by at least two header lines carrying the same prefix or none, one of them a header
     * every SIP message has (Via, From, To, Call-ID, CSeq...).
     */
    public static boolean recognises(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = LogText.clean(lines.get(i));
            int at = SipLines.startLineAt(line);
            if (at < 0) {
                continue;
            }
            String prefix = line.substring(0, at);
            int headers = 0;
            boolean core = false;
            for (int k = i + 1; k < lines.size() && k <= i + 4; k++) {
                String next = LogText.clean(lines.get(k));
                String content = SipLines.strip(next, prefix);
                if (content == null || !SipLines.isHeader(content)) {
                    content = next;
                }
                if (!SipLines.isHeader(content)) {
                    break;
                }
                headers++;
                core |= SipLines.isCoreHeader(content);
            }
            if (headers >= 2 && core) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a text log's lines (not a plain dump of messages) surround the messages: a start line
     * behind a prefix, or a line outside the messages that carries a timestamp. The raw dialect
     * reads plain dumps; such a file is better read here.
     */
    public static boolean hasLogLines(List<String> lines) {
        boolean inside = false;
        LogClock probe = new LogClock(java.time.LocalDate.of(2000, 1, 1), java.time.ZoneOffset.UTC);
        for (String raw : lines) {
            String line = LogText.clean(raw);
            int at = SipLines.startLineAt(line);
            if (at > 0 && !line.substring(0, at).isBlank()) {
                return true;
            }
            if (at == 0) {
                inside = true;
            } else if (line.isBlank()) {
                inside = false;
            } else if (!inside && !SipLines.isHeader(line) && !SipLines.isSdpLine(line)
                    && Timestamps.find(line, probe) != null) {
                return true;
            }
        }
        return false;
    }

    private enum State { OUTSIDE, HEADERS, BODY }

    private static final class Reader implements DialectReader {
        private final LogContext context;
        private final LogClock clock;
        private final ViaPerspective perspective = new ViaPerspective();
        /** Lines since the previous message (the last {@link #CONTEXT}), the newest last. */
        private final Deque<String> recent = new ArrayDeque<>(CONTEXT + 1);
        private final List<String> lines = new ArrayList<>();
        private State state = State.OUTSIDE;
        private String prefix;
        private boolean prefixChecked;
        private long firstLine;
        private int chars;
        private int contentLength;
        private int bodyBytes;
        private Instant time;
        private Direction saidDirection;
        private String saidPeer;
        private boolean noted;

        Reader(LogContext context) {
            this.context = context;
            this.clock = context.newClock();
        }

        @Override
        public void line(String raw, long number, Consumer<LogEvent> out) {
            String line = LogText.clean(raw);
            switch (state) {
                case OUTSIDE -> outside(line, number, out);
                case HEADERS -> header(line, number, out);
                case BODY -> body(line, number, out);
                default -> throw new IllegalStateException(state.name());
            }
        }

        @Override
        public void flush(Consumer<LogEvent> out) {
            emit(out);
        }

        @Override
        public long firstHeldLine() {
            return state == State.OUTSIDE ? 0 : firstLine;
        }

        private void outside(String line, long number, Consumer<LogEvent> out) {
            int at = SipLines.startLineAt(line);
            if (at < 0) {
                Timestamps.find(line, clock); // the clock keeps the nearest time before a message
                if (!line.isBlank()) {
                    if (recent.size() == CONTEXT) {
                        recent.removeFirst();
                    }
                    recent.addLast(line.length() > Nearby.SCAN ? line.substring(0, Nearby.SCAN) : line);
                }
                return;
            }
            String start = line.substring(at);
            if (!SipParser.isStartLine(start.trim())) {
                return;
            }
            prefix = line.substring(0, at);
            prefixChecked = prefix.isEmpty();
            Instant own = prefix.isBlank() ? null : Timestamps.find(prefix, clock);
            time = own != null ? own : clock.last();
            hints();
            firstLine = number;
            contentLength = -1;
            bodyBytes = 0;
            chars = 0;
            add(start.trim());
            state = State.HEADERS;
        }

        /** The direction and peer the prefix and the lines before say, the nearest first. */
        private void hints() {
            List<Nearby> said = new ArrayList<>(CONTEXT + 1);
            if (!prefix.isBlank()) {
                said.add(Nearby.of(prefix));
            }
            var back = recent.descendingIterator();
            while (back.hasNext()) {
                said.add(Nearby.of(back.next()));
            }
            recent.clear();
            saidDirection = null;
            saidPeer = null;
            for (Nearby n : said) {
                if (n.direction() != null) {
                    saidDirection = n.direction();
                    break;
                }
            }
            for (Nearby n : said) {
                String peer = n.peer(saidDirection);
                if (peer != null) {
                    saidPeer = peer;
                    break;
                }
            }
        }

        private void header(String line, long number, Consumer<LogEvent> out) {
            String content = content(line);
            if (content == null) {
                emit(out);
                outside(line, number, out);
            } else if (content.isBlank()) {
                if (contentLength > 0) {
                    add("");
                    state = State.BODY;
                } else {
                    emit(out);
                }
            } else if (SipLines.isHeader(content)) {
                add(content);
                contentLength(content);
            } else if (contentLength > 0 && SipLines.isSdpLine(content)) {
                add(""); // a syslog that drops empty lines lost the blank line before the body
                state = State.BODY;
                body(line, number, out);
            } else {
                emit(out); // the next record: a message logged without its blank line
                outside(line, number, out);
            }
        }

        private void body(String line, long number, Consumer<LogEvent> out) {
            String content = content(line);
            if (content == null || prefix.isEmpty() && startsRecord(line)) {
                emit(out); // cut short: the log went on with another record
                outside(line, number, out);
                return;
            }
            add(content);
            bodyBytes += content.length() + 2;
            if (bodyBytes >= contentLength) {
                emit(out);
            }
        }

        /**
         * The line without the message's prefix, or null when the line is not part of the message.
         * The first header line decides whether the prefix repeats: when it does not but the bare
         * line is a header, the message goes on without a prefix.
         */
        private String content(String line) {
            if (lines.size() >= PendingMessage.MAX_LINES || chars + line.length() > PendingMessage.MAX_CHARS) {
                return null;
            }
            String content = SipLines.strip(line, prefix);
            if (!prefixChecked) {
                prefixChecked = true;
                if (content == null || !SipLines.isHeader(content)) {
                    int indent = 0;
                    while (indent < line.length() && (line.charAt(indent) == ' ' || line.charAt(indent) == '\t')) {
                        indent++;
                    }
                    if (SipLines.isHeader(line.substring(indent))) {
                        prefix = line.substring(0, indent); // the message is logged bare, or indented
                        return line.substring(indent);
                    }
                }
            }
            return content;
        }

        private boolean startsRecord(String line) {
            return SipLines.startLineAt(line) >= 0 || !line.isEmpty() && line.charAt(0) != ' '
                    && Timestamps.find(line.length() > 24 ? line.substring(0, 24) : line, clock) != null;
        }

        private void contentLength(String header) {
            int colon = header.indexOf(':');
            if (colon <= 0 || header.charAt(0) == ' ' || header.charAt(0) == '\t') {
                return; // a folded continuation line
            }
            String name = header.substring(0, colon).trim();
            if (name.equalsIgnoreCase("Content-Length") || name.equals("l")) {
                contentLength = LogText.parseInt(header.substring(colon + 1), -1);
            }
        }

        private void add(String line) {
            lines.add(line);
            chars += line.length();
        }

        private void emit(Consumer<LogEvent> out) {
            state = State.OUTSIDE;
            if (lines.isEmpty()) {
                return;
            }
            List<String> message = new ArrayList<>(lines);
            lines.clear();
            try {
                SipParser.Result result = SipParser.parse(message, 0);
                ParsedMessage parsed = result.message();
                if (parsed.header("Call-ID") == null || parsed.header("CSeq") == null) {
                    return; // a start line without the headers of a message: text that mentions SIP
                }
                String text = String.join("\n", message.subList(0, Math.max(result.end(), 1))).stripTrailing();
                String via = parsed.header("Via");
                Direction direction = saidDirection;
                if (direction != null) {
                    perspective.learn(parsed, via, direction);
                } else {
                    direction = perspective.direction(parsed, via);
                }
                String peer = saidPeer;
                if (peer == null) {
                    peer = perspective.peer(parsed, via, direction);
                } else if (direction == Direction.SENT) {
                    perspective.remember(parsed, peer);
                }
                Origin origin = new Origin(context.file(), firstLine, context.role());
                if (!noted) {
                    noted = true;
                    out.accept(LogNotice.of(time, origin, LogNotice.FORMAT_GUESSED, null, null, null,
                            "format guessed: SIP messages found inside the text", "dialect", ID));
                }
                out.accept(new SipMessage(time, origin, direction, HeaderValues.viaTransport(via), peer, parsed, text));
            } catch (SipParseException e) {
                // a start line whose message does not parse: log text that only looks like SIP
            }
        }
    }
}
