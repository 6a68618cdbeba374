package org.siphint.dialect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.Origin;
import org.siphint.event.SipMessage;
import org.siphint.sip.SipParseException;
import org.siphint.sip.SipParser;

/**
 * The lines of one framed SIP message (or of one stream read holding several) while a dialect
 * collects them, with what the framing header said about it.
 *
 * <p>Bounded: a block longer than {@link #MAX_LINES} or {@link #MAX_CHARS} keeps its head, which
 * holds every header a rule needs, and drops the rest of a body a log could make endless.
 */
public final class PendingMessage {

    public static final int MAX_LINES = 2_000;
    public static final int MAX_CHARS = 256 * 1024;

    private final Instant time;
    private final long firstLine;
    private final Direction direction;
    private final String transport;
    private final String peer;
    private final List<String> lines = new ArrayList<>(48);
    /** Each line's own file line number (-1: counted from the block's start), when they are not contiguous. */
    private long[] numbers;
    /** The file line of the first line, while every line came with its number and they are contiguous; else -1. */
    private long contiguousFrom = -1;
    private int chars;

    public PendingMessage(Instant time, long firstLine, Direction direction, String transport, String peer) {
        this.time = time;
        this.firstLine = firstLine;
        this.direction = direction;
        this.transport = transport;
        this.peer = peer;
    }

    public void add(String line) {
        if (lines.size() < MAX_LINES && chars < MAX_CHARS) {
            if (contiguousFrom >= 0) {
                numbered(); // mixed with numbered lines: this one is numbered from the block's start
            }
            lines.add(line);
            chars += line.length() + 1;
        } else if (lines.size() < MAX_LINES + 32 && line.length() < 1024 && isEssentialHeader(line)) {
            if (contiguousFrom >= 0) {
                numbered();
            }
            lines.add(line); // a Call-ID after thousands of junk headers still identifies the message
        }
    }

    /**
     * Adds a line with its own file line number: for blocks whose lines are not contiguous in the
     * file (a stream read continued in a later record, lines of other threads skipped).
     */
    public void add(String line, long number) {
        if (lines.size() < MAX_LINES && chars < MAX_CHARS) {
            if (numbers == null && lines.isEmpty()) {
                contiguousFrom = number;
            } else if (numbers == null && !(contiguousFrom >= 0 && number == contiguousFrom + lines.size())) {
                numbered(); // not the next line of the file: every line keeps its own number
            }
            if (numbers != null) {
                if (lines.size() >= numbers.length) {
                    int old = numbers.length;
                    numbers = java.util.Arrays.copyOf(numbers, old * 2);
                    java.util.Arrays.fill(numbers, old, numbers.length, -1);
                }
                numbers[lines.size()] = number;
            }
            lines.add(line);
            chars += line.length() + 1;
        }
    }

    /**
     * Gives every line so far its own number: a block whose lines were contiguous in the file kept
     * only the first one's ({@link #contiguousFrom}), as most blocks are.
     */
    private void numbered() {
        numbers = new long[Math.max(64, lines.size() * 2)];
        java.util.Arrays.fill(numbers, -1);
        if (contiguousFrom >= 0) {
            for (int k = 0; k < lines.size(); k++) {
                numbers[k] = contiguousFrom + k;
            }
        }
        contiguousFrom = -1;
    }

    /** Whether any line was added. */
    public boolean hasLines() {
        return !lines.isEmpty();
    }

    private static boolean isEssentialHeader(String line) {
        int colon = line.indexOf(':');
        return colon > 0 && colon <= 16 && org.siphint.sip.HeaderNames.isEssential(line.substring(0, colon));
    }

    public boolean isEmpty() {
        for (String line : lines) {
            if (!line.isBlank()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses the collected lines into one or more messages and emits them. Text that is not SIP
     * (a keep-alive, a fragment of a stream) is dropped without an error: logs hold such blocks.
     *
     * @param context the file
     * @param lineOfFirstMessageLine the file line of {@code lines[0]} (the message usually starts on
     *                               the line after the framing header)
     */
    public void emit(LogContext context, long lineOfFirstMessageLine, Consumer<LogEvent> out) {
        int i = 0;
        while (i < lines.size()) {
            while (i < lines.size() && !SipParser.isStartLine(lines.get(i).trim())) {
                i++;
            }
            if (i >= lines.size()) {
                return;
            }
            try {
                SipParser.Result result = SipParser.parse(lines, i);
                int end = Math.max(result.end(), i + 1);
                String text = text(i, end);
                long line = numbers != null && i < numbers.length && numbers[i] >= 0 ? numbers[i]
                        : contiguousFrom >= 0 ? contiguousFrom + i : lineOfFirstMessageLine + i;
                Origin origin = new Origin(context.file(), line, context.role());
                String via = transport != null ? transport
                        : org.siphint.sip.HeaderValues.viaTransport(result.message().header("Via"));
                SipMessage message = new SipMessage(time, origin, direction, via, peer, result.message(), text);
                // the SDP is read here, on the reading thread, rather than later on the rules' thread:
                // every call's offer and answer is read by the transaction layer anyway
                message.getSdp();
                out.accept(message);
                i = end;
            } catch (SipParseException e) {
                i++;
            }
        }
    }

    /**
     * Lines {@code from} to {@code to} as one text without trailing blanks: the blank lines that end
     * a message are left out before joining, so the joined text is not copied once more to strip them.
     */
    private String text(int from, int to) {
        while (to > from + 1 && lines.get(to - 1).isBlank()) {
            to--;
        }
        String text = String.join("\n", lines.subList(from, to));
        int n = text.length();
        return n > 0 && Character.isWhitespace(text.charAt(n - 1)) ? text.stripTrailing() : text;
    }

    public Direction direction() {
        return direction;
    }

    /** The transport the framing header named, or null. */
    public String transport() {
        return transport;
    }

    /** The peer address the framing header named, or null. */
    public String peer() {
        return peer;
    }

    public long firstLine() {
        return firstLine;
    }

    /** The time the framing header gave. */
    public Instant time() {
        return time;
    }
}
