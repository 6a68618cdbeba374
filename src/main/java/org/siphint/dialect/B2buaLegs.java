package org.siphint.dialect;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

import org.siphint.event.Direction;
import org.siphint.event.SipMessage;
import org.siphint.sip.HeaderValues;
import org.siphint.util.BoundedMap;

/**
 * Links a B2BUA's leg to a trunk to the phone's call it was placed for. A PBX's INVITE to a trunk
 * carries a Call-ID of its own and often the office's caller ID in From: no SIP header ties it to
 * the phone's INVITE. The PBX's dialplan line does, in each PBX's words (Asterisk's {@code Dial()},
 * FreeSWITCH's {@code bridge}): it names the calling channel and the users dialled outside. The
 * next INVITE the PBX sends to one of those users within {@link #WINDOW_MILLIS} is that user's leg
 * ({@link SipMessage#linkLeg}). A target that is one of the PBX's own phones is not a leg to link:
 * that call stays the callee's.
 */
public final class B2buaLegs {

    public static final long WINDOW_MILLIS = 10_000;
    private static final int LIMIT = 4_096;
    private static final int MAX_PENDING = 64;

    private record Pending(long at, String user, String incomingCallId) {
    }

    /** The Call-ID of the last call each phone started, by the From user of its INVITE. */
    private final Map<String, String> lastCallOf = BoundedMap.droppingOldest(LIMIT);
    /** The legs linked so far, by their Call-ID: the INVITE sent again with credentials after a trunk's challenge is the same leg. */
    private final Map<String, String> linked = BoundedMap.droppingOldest(LIMIT);
    private final Deque<Pending> pending = new ArrayDeque<>();

    /**
     * A dialplan line that places legs outside at log time {@code at}: for the call whose Call-ID
     * the line's PBX named ({@code incomingCallId}), or else the last call {@code callerUser}
     * started, to each of {@code outsideUsers}.
     */
    public void placed(long at, String incomingCallId, String callerUser, Collection<String> outsideUsers) {
        String incoming = incomingCallId != null ? incomingCallId : callerUser == null ? null : lastCallOf.get(callerUser);
        if (incoming == null) {
            return;
        }
        for (String user : outsideUsers) {
            if (pending.size() >= MAX_PENDING) {
                pending.pollFirst();
            }
            pending.addLast(new Pending(at, user, incoming));
        }
    }

    /** Takes each SIP message of the log in order; links a leg's INVITE to the call it was placed for. */
    public void message(SipMessage m) {
        if (!m.isRequest() || !"INVITE".equals(m.getMethod()) || m.getToTag() != null || m.getCallId() == null) {
            return;
        }
        if (m.getDirection() == Direction.RECEIVED) {
            String caller = HeaderValues.user(m.getFrom());
            if (caller != null && !caller.isEmpty() && caller.length() <= 128) {
                lastCallOf.put(caller, m.getCallId());
            }
            return;
        }
        String known = linked.get(m.getCallId());
        if (known != null) {
            m.linkLeg(known);
            return;
        }
        if (pending.isEmpty()) {
            return;
        }
        String to = HeaderValues.user(m.getRequestUri());
        String toHeader = HeaderValues.user(m.getTo());
        for (Iterator<Pending> it = pending.iterator(); it.hasNext();) {
            Pending p = it.next();
            if (m.getTimestamp() - p.at() > WINDOW_MILLIS) {
                it.remove();
            } else if (p.user().equals(to) || p.user().equals(toHeader)) {
                it.remove();
                if (!p.incomingCallId().equals(m.getCallId())) {
                    m.linkLeg(p.incomingCallId());
                    linked.put(m.getCallId(), p.incomingCallId());
                }
                return;
            }
        }
    }
}
