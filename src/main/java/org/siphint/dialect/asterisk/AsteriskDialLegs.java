package org.siphint.dialect.asterisk;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.event.Direction;
import org.siphint.event.SipMessage;
import org.siphint.sip.HeaderValues;

/**
 * Links Asterisk's two legs of a call placed outside: the INVITE it sends to a trunk for a
 * {@code Dial()} and the phone's INVITE that started it, which carry different Call-IDs (Asterisk
 * is a B2BUA). No SIP header links them; the dialplan's verbose line does ({@code main/pbx.c},
 * verbosity 3, written beside a pjsip logger or chan_sip debug trace):
 * <pre>
 * Executing [4930123456@from-internal:1] Dial("PJSIP/1001-00000009", "PJSIP/4930123456@trunk,60") in new stack
 * </pre>
 * The calling channel names the endpoint whose INVITE started the call (its last INVITE whose From
 * user is the endpoint's name, as a phone's usually is); a dial target of the forms
 * {@code PJSIP/number@endpoint}, {@code PJSIP/endpoint/sip:number@host}, {@code SIP/number@peer} or
 * {@code SIP/peer/number} names the user a leg to a trunk is for. The next INVITE sent to that user
 * within {@link #WINDOW_MILLIS} is that leg. A target naming an endpoint alone ({@code PJSIP/1002})
 * is a call to one of the PBX's own phones, which stays the callee's: it is not linked.
 */
final class AsteriskDialLegs {

    static final long WINDOW_MILLIS = 10_000;
    private static final int LIMIT = 4_096;
    private static final int MAX_PENDING = 64;

    private static final Pattern DIAL = Pattern.compile(
            "^Executing \\[[^\\]]*\\] Dial\\(\"(?:PJSIP|SIP)/([^\"/]+)-[0-9a-f]+\", \"([^\"]*)\"\\)");

    private record Pending(long at, String user, String incomingCallId) {
    }

    /** The Call-ID of the last call each endpoint started, by the From user of its INVITE. */
    private final Map<String, String> lastCallOf = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > LIMIT;
        }
    };
    private final Deque<Pending> pending = new ArrayDeque<>();

    /** Takes a verbose record's text; true when it was a Dial() whose legs may be linked. */
    boolean dialplan(String text, long at) {
        if (!text.startsWith("Executing [")) {
            return false;
        }
        Matcher m = DIAL.matcher(text);
        if (!m.find()) {
            return false;
        }
        String incoming = lastCallOf.get(m.group(1));
        if (incoming == null) {
            return false;
        }
        String targets = m.group(2);
        int options = targets.indexOf(',');
        for (String target : (options < 0 ? targets : targets.substring(0, options)).split("&", 16)) {
            String user = outsideUser(target.trim());
            if (user != null) {
                if (pending.size() >= MAX_PENDING) {
                    pending.pollFirst();
                }
                pending.addLast(new Pending(at, user, incoming));
            }
        }
        return true;
    }

    /** The user a dial target places a leg to outside the PBX, or null for one of its own endpoints. */
    static String outsideUser(String target) {
        int slash = target.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String tech = target.substring(0, slash);
        String resource = target.substring(slash + 1);
        if (!tech.equals("PJSIP") && !tech.equals("SIP")) {
            return null;
        }
        int at = resource.indexOf('@');
        int second = resource.indexOf('/');
        if (second >= 0) {
            String rest = resource.substring(second + 1);
            // PJSIP/trunk/sip:4930123456@provider, SIP/trunk/4930123456
            String user = rest.regionMatches(true, 0, "sip:", 0, 4) || rest.regionMatches(true, 0, "sips:", 0, 5)
                    ? HeaderValues.user(rest) : rest;
            return user == null || user.isEmpty() ? null : user;
        }
        return at > 0 ? resource.substring(0, at) : null;
    }

    /** Takes each SIP message of the log in order; links a trunk leg's INVITE to the call it was placed for. */
    void message(SipMessage m) {
        if (!m.isRequest() || !"INVITE".equals(m.getMethod()) || m.getToTag() != null || m.getCallId() == null) {
            return;
        }
        if (m.getDirection() == Direction.RECEIVED) {
            remember(HeaderValues.user(m.getFrom()), m.getCallId());
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
                }
                return;
            }
        }
    }

    private void remember(String user, String callId) {
        if (user != null && !user.isEmpty() && user.length() <= 128) {
            lastCallOf.put(user, callId);
        }
    }
}
