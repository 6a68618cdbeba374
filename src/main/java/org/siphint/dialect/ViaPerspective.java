package org.siphint.dialect;

import java.util.Map;

import org.siphint.event.Direction;
import org.siphint.sip.HeaderValues;
import org.siphint.sip.ParsedMessage;
import org.siphint.util.BoundedMap;

/**
 * Direction and peer of SIP messages read from a log that does not say who sent them, told from
 * the messages themselves: the program whose log it is has one sent-by address in the Via it puts
 * on its requests. Until that address is known, the sender of the first message is taken for it
 * (the first Via of a request; for a response, the party it goes back to). A request whose top Via
 * is that address is SENT, any other RECEIVED; a response the other way round.
 *
 * <p>The peer of a received request or a sent response is the top Via's {@code received}/
 * {@code rport}, else its sent-by; of a sent request, the Request-URI's host and port; of a
 * received response, the peer its request went to (remembered per Call-ID, at most 10,000).
 */
public final class ViaPerspective {

    private final Map<String, String> peerByCallId = BoundedMap.droppingOldest(10_000);
    private String own;

    /** The direction the top Via {@code via} of {@code m} gives; the first message's sender becomes this side. */
    public Direction direction(ParsedMessage m, String via) {
        String sentBy = HeaderValues.viaSentBy(via);
        if (own == null) {
            own = sentBy;
        }
        boolean ours = own != null && own.equalsIgnoreCase(sentBy);
        if (m.isRequest()) {
            return ours ? Direction.SENT : Direction.RECEIVED;
        }
        return ours ? Direction.RECEIVED : Direction.SENT;
    }

    /**
     * Learns this side's own Via address from a message whose direction the log did say: the
     * sent-by of a request it sent or of a response it received.
     */
    public void learn(ParsedMessage m, String via, Direction direction) {
        String sentBy = HeaderValues.viaSentBy(via);
        if (sentBy != null && (m.isRequest() == (direction == Direction.SENT))) {
            own = sentBy;
        }
    }

    /** Notes where a sent request went, so that its responses get that peer. */
    public void remember(ParsedMessage m, String peer) {
        String callId = m.header("Call-ID");
        if (callId != null && peer != null && m.isRequest()) {
            peerByCallId.put(callId, peer);
        }
    }

    /** The peer of a message of this direction, from its headers (see the class comment). */
    public String peer(ParsedMessage m, String via, Direction direction) {
        String callId = m.header("Call-ID");
        if (m.isRequest() && direction == Direction.SENT) {
            String peer = HeaderValues.host(m.requestUri());
            if (peer != null && peer.indexOf(':') >= 0) {
                peer = "[" + peer + "]";
            }
            String port = uriPort(m.requestUri());
            peer = peer == null ? null : port == null ? peer : peer + ":" + port;
            remember(m, peer);
            return peer;
        }
        if (!m.isRequest() && direction == Direction.RECEIVED) {
            return callId == null ? null : peerByCallId.get(callId);
        }
        String received = HeaderValues.param(via, "received");
        String rport = HeaderValues.param(via, "rport");
        if (received != null && !received.isEmpty()) {
            return rport != null && !rport.isEmpty() ? received + ":" + rport : received;
        }
        return HeaderValues.viaSentBy(via);
    }

    private static String uriPort(String uri) {
        if (uri == null) {
            return null;
        }
        String u = uri;
        int semi = u.indexOf(';');
        if (semi >= 0) {
            u = u.substring(0, semi);
        }
        int close = u.lastIndexOf(']');
        int colon = u.lastIndexOf(':');
        if (colon > close && colon > u.indexOf(':')) {
            String port = u.substring(colon + 1);
            return port.chars().allMatch(Character::isDigit) && !port.isEmpty() ? port : null;
        }
        return null;
    }
}
