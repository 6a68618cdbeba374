package org.siphint.capture;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.siphint.dialect.LogContext;
import org.siphint.dialect.PendingMessage;
import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.Role;
import org.siphint.event.SipMessage;

/**
 * Turns SIP messages taken from packets into the same {@link SipMessage} events the log dialects
 * make (through {@link PendingMessage} and the SIP parser), with the capture's time, the packet
 * number as the "line", and sent/received from the capturing host's {@link Perspective}.
 *
 * <p>Messages are held until the perspective is decided (at most {@link Perspective#DECIDE_AFTER}
 * of them, or until {@link #end()}), so the first ones are told from the same view as the rest.
 * Without a role given, a capture where the capturing host takes registrations or relays INVITEs
 * is a PBX's, else a softphone's.
 */
public final class SipEvents implements PacketDecoder.SipOut {

    /** Called with each message made, and the endpoints it went between (for media measurement). */
    public interface Observer {
        void message(SipMessage message, Endpoint src, Endpoint dst);
    }

    private record Held(long nanos, long frame, String transport, Endpoint src, Endpoint dst, String text,
                        boolean request) {
    }

    private final String file;
    private final Role givenRole;
    private final Consumer<LogEvent> out;
    private final Observer observer;
    private final Perspective perspective;
    private final List<Held> held = new ArrayList<>();
    private LogContext context;
    private long messages;
    private long heldSince;

    /** Messages of a capture file: between one phone and one server, told as the phone's. */
    public SipEvents(String file, Role role, Consumer<LogEvent> out, Observer observer) {
        this(file, role, out, observer, false);
    }

    /** {@code server}: between one phone and one server, the messages are the server's (a HEP agent's). */
    public SipEvents(String file, Role role, Consumer<LogEvent> out, Observer observer, boolean server) {
        this.file = file;
        this.givenRole = role;
        this.out = out;
        this.observer = observer;
        this.perspective = new Perspective(server);
    }

    @Override
    public void sip(long nanos, long frame, String transport, Endpoint src, Endpoint dst, byte[] b, int off, int len) {
        String text = new String(b, off, len, StandardCharsets.UTF_8);
        boolean request = !text.startsWith("SIP/2.0 ");
        Held h = new Held(nanos, frame, transport, src, dst, text, request);
        if (context != null) {
            emit(h);
            return;
        }
        if (held.isEmpty()) {
            heldSince = System.nanoTime();
        }
        held.add(h);
        if (perspective.learn(src, dst, request)) {
            release();
        }
    }

    /**
     * Takes the payload of one datagram that may hold SIP (a HEP packet's): its messages are framed
     * and taken as {@link #sip} takes them.
     */
    public void datagram(long nanos, long number, String transport, Endpoint src, Endpoint dst, byte[] b, int off, int len) {
        SipFraming.datagram(b, off, off + len, (bytes, at, n) -> sip(nanos, number, transport, src, dst, bytes, at, n));
    }

    /**
     * Lets held messages go once the first of them has waited {@code millis} (live input: a quiet
     * source must not hold its first messages back for long). Answers whether any were let go.
     */
    public boolean releaseIfHeldLongerThan(long millis) {
        if (context == null && !held.isEmpty() && System.nanoTime() - heldSince > millis * 1_000_000L) {
            end();
            return true;
        }
        return false;
    }

    /** The input ended (or went quiet): decides the perspective and lets held messages go. */
    public void end() {
        if (context == null && !held.isEmpty()) {
            perspective.decide();
            release();
        }
    }

    private void release() {
        Role role = givenRole != null ? givenRole : guessRole();
        context = new LogContext(file, role, LocalDate.EPOCH, ZoneOffset.UTC);
        for (Held h : held) {
            emit(h);
        }
        held.clear();
    }

    private Role guessRole() {
        Set<String> receivedInvites = new HashSet<>();
        Set<String> sentInvites = new HashSet<>();
        for (Held h : held) {
            if (!h.request) {
                continue;
            }
            String method = h.text.substring(0, Math.max(0, h.text.indexOf(' ')));
            if (method.equals("REGISTER") && perspective.isLocal(h.dst)) {
                return Role.PBX;
            }
            if (method.equals("INVITE")) {
                String callId = callId(h.text);
                if (perspective.isLocal(h.dst)) {
                    receivedInvites.add(callId);
                } else if (perspective.isLocal(h.src)) {
                    sentInvites.add(callId);
                }
            }
        }
        receivedInvites.retainAll(sentInvites);
        return receivedInvites.isEmpty() ? Role.SOFTPHONE : Role.PBX;
    }

    /** The Call-ID header's value (long or compact form), found without parsing the message. */
    static String callId(String text) {
        for (String name : new String[] {"\ncall-id:", "\ni:"}) {
            int at = indexOfIgnoreCase(text, name);
            if (at >= 0) {
                int end = text.indexOf('\n', at + name.length());
                return text.substring(at + name.length(), end < 0 ? text.length() : end).trim();
            }
        }
        return "";
    }

    private static int indexOfIgnoreCase(String text, String lowerNeedle) {
        int n = lowerNeedle.length();
        for (int i = 0; i + n <= text.length(); i++) {
            if (text.regionMatches(true, i, lowerNeedle, 0, n)) {
                return i;
            }
        }
        return -1;
    }

    private void emit(Held h) {
        boolean sent = perspective.sent(h.src, h.dst, h.request);
        Instant time = Instant.ofEpochSecond(Math.floorDiv(h.nanos, 1_000_000_000L), Math.floorMod(h.nanos, 1_000_000_000L));
        PendingMessage pending = new PendingMessage(time, h.frame, sent ? Direction.SENT : Direction.RECEIVED,
                h.transport, (sent ? h.dst : h.src).toString());
        int from = 0;
        String text = h.text;
        while (from <= text.length()) {
            int nl = text.indexOf('\n', from);
            int to = nl < 0 ? text.length() : nl;
            int e = to > from && text.charAt(to - 1) == '\r' ? to - 1 : to;
            pending.add(text.substring(from, e));
            if (nl < 0) {
                break;
            }
            from = nl + 1;
        }
        pending.emit(context, h.frame, event -> {
            messages++;
            out.accept(event);
            if (observer != null && event instanceof SipMessage m) {
                observer.message(m, h.src, h.dst);
            }
        });
    }

    /** SIP messages made so far. */
    public long messages() {
        return messages;
    }

    /** The capturing host as decided (an endpoint or an address), or null. */
    public String local() {
        return perspective.local();
    }

    /** The role the messages were given (null while undecided). */
    public Role role() {
        return context == null ? null : context.role();
    }
}
