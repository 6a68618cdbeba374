package org.siphint.dialect;

import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;

import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.sip.SipParser;

/**
 * The framed blocks of a format that logs per socket read (FreeSWITCH's sofia-sip trace, Bria's
 * reSIProcate transport lines). On UDP a read is one message; on TCP, TLS and WebSocket a read can
 * hold two messages, or a message cut in two reads. A block that ends inside a message of a stream
 * is held back and continued by the next read of the same flow (direction, transport and peer);
 * anything else in between only delays it. A held block is emitted as it is (truncated) when the
 * next read of that flow starts a new message, when another flow's read comes, or at flush.
 */
public final class StreamReads {

    private final LogContext context;
    private Block current;
    private Block carried;
    private boolean atReadStart;

    public StreamReads(LogContext context) {
        this.context = context;
    }

    /** A read record starts: its header said when, which way, over what and with whom. */
    public void begin(Instant time, long number, Direction direction, String transport, String peer,
                      Consumer<LogEvent> out) {
        end(out);
        if (carried != null && carried.sameFlow(direction, transport, peer)) {
            current = carried;
            carried = null;
            atReadStart = true;
        } else {
            emitCarried(out);
            current = new Block(new PendingMessage(time, number, direction, transport, peer), direction, transport,
                    peer);
            atReadStart = false;
        }
    }

    /** Whether a read is open and takes lines. */
    public boolean isOpen() {
        return current != null;
    }

    /** Where the open read's messages stand after {@link #add}. */
    public SipCursor.State state() {
        return current == null ? SipCursor.State.OUTSIDE : current.cursor.state();
    }

    /** A line of the open read's data. */
    public void add(String line, long number, Consumer<LogEvent> out) {
        if (current == null) {
            return;
        }
        if (atReadStart && !line.isBlank()) {
            atReadStart = false;
            if (SipParser.isStartLine(line.trim())) {
                // the carried message was cut by the log, not by the stream: it ends here
                Block old = current;
                old.message.emit(context, old.message.firstLine() + 1, out);
                current = new Block(new PendingMessage(old.message.time(), number, old.direction, old.transport,
                        old.peer), old.direction, old.transport, old.peer);
            }
        }
        current.message.add(line, number);
        current.cursor.feed(line);
    }

    /** The open read ended: emit its messages, or hold a stream's unfinished message back. */
    public void end(Consumer<LogEvent> out) {
        if (current == null) {
            return;
        }
        Block block = current;
        current = null;
        if (block.stream && block.cursor.insideMessage()) {
            emitCarried(out);
            carried = block;
        } else {
            block.message.emit(context, block.message.firstLine() + 1, out);
        }
    }

    /** Emits everything, held fragments included (end of input or a quiet file). */
    public void flush(Consumer<LogEvent> out) {
        end(out);
        emitCarried(out);
    }

    private void emitCarried(Consumer<LogEvent> out) {
        if (carried != null) {
            Block block = carried;
            carried = null;
            block.message.emit(context, block.message.firstLine() + 1, out);
        }
    }

    private static final class Block {
        final PendingMessage message;
        final SipCursor cursor = new SipCursor();
        final Direction direction;
        final String transport;
        final String peer;
        final boolean stream;

        Block(PendingMessage message, Direction direction, String transport, String peer) {
            this.message = message;
            this.direction = direction;
            this.transport = transport;
            this.peer = peer;
            String t = transport == null ? "" : transport.toUpperCase(Locale.ROOT);
            this.stream = t.equals("TCP") || t.equals("TLS") || t.equals("WS") || t.equals("WSS");
        }

        boolean sameFlow(Direction d, String t, String p) {
            return direction == d && java.util.Objects.equals(peer, p)
                    && (transport == null ? t == null : transport.equalsIgnoreCase(t));
        }
    }
}
