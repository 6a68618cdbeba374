package org.siphint.capture;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Whose view a capture's messages are told from: a log says "sent" and "received", a capture only
 * "from" and "to". The capturing host is the party every message involves: a phone's address in a
 * capture taken on the phone, the proxy's in one taken on (or mirrored over HEP by) the proxy. It is
 * learnt from the first messages: the endpoints (address and port, or the address alone when it is
 * the only one all messages share among several) that appear in every message so far. When two
 * parties remain (one phone talking to one server), a capture file is taken as the phone's (the
 * sender of the first request), as a phone's log would see it; a HEP stream as the server's (the
 * receiver of the first request): what mirrors its traffic over HEP is a proxy, registrar or PBX.
 *
 * <p>A message that does not involve the capturing host is told from its client's view: requests
 * sent, responses received.
 */
final class Perspective {

    /** After this many messages the perspective is decided whatever remains open. */
    static final int DECIDE_AFTER = 200;

    private Set<String> addressCandidates;
    private Set<String> endpointCandidates;
    private final Set<String> addresses = new LinkedHashSet<>();
    private final boolean server;
    private Endpoint firstRequestSender;
    private Endpoint firstRequestReceiver;
    private int messages;
    private boolean decided;
    private String localAddress;
    private String localEndpoint;

    /** {@code server}: when two parties remain, the capturing host is the one the first request went to. */
    Perspective(boolean server) {
        this.server = server;
    }

    /** Takes one message's endpoints; answers whether the perspective is now decided. */
    boolean learn(Endpoint src, Endpoint dst, boolean request) {
        if (decided) {
            return true;
        }
        messages++;
        if (request && firstRequestSender == null) {
            firstRequestSender = src;
            firstRequestReceiver = dst;
        }
        addresses.add(src.address());
        addresses.add(dst.address());
        addressCandidates = narrow(addressCandidates, src.address(), dst.address());
        endpointCandidates = narrow(endpointCandidates, src.toString(), dst.toString());
        if (endpointCandidates.size() == 1) {
            localEndpoint = endpointCandidates.iterator().next();
            decided = true;
        } else if (addressCandidates.size() == 1 && addresses.size() > 1) {
            localAddress = addressCandidates.iterator().next();
            decided = true;
        } else if (messages >= DECIDE_AFTER) {
            decide();
        }
        return decided;
    }

    private static Set<String> narrow(Set<String> candidates, String a, String b) {
        if (candidates == null) {
            Set<String> s = new LinkedHashSet<>();
            s.add(a);
            s.add(b);
            return s;
        }
        if (!candidates.contains(a) && !candidates.contains(b)) {
            return Set.of(); // no party is in every message
        }
        candidates.retainAll(a.equals(b) ? Set.of(a) : Set.of(a, b));
        return candidates;
    }

    /** Decides with what is known (the input ended or enough was seen). */
    void decide() {
        if (decided) {
            return;
        }
        decided = true;
        if (endpointCandidates != null && !endpointCandidates.isEmpty()) {
            Endpoint firstParty = server ? firstRequestReceiver : firstRequestSender;
            String first = firstParty == null ? null : firstParty.toString();
            localEndpoint = first != null && endpointCandidates.contains(first) ? first : endpointCandidates.iterator().next();
        } else if (addressCandidates != null && addressCandidates.size() == 1) {
            localAddress = addressCandidates.iterator().next();
        }
    }

    boolean decided() {
        return decided;
    }

    /** Whether the endpoint is the capturing host. */
    boolean isLocal(Endpoint e) {
        return localEndpoint != null ? localEndpoint.equals(e.toString())
                : localAddress != null && localAddress.equals(e.address());
    }

    /** Whether a message with this sender is sent, from the capturing host's view (or its client's). */
    boolean sent(Endpoint src, Endpoint dst, boolean request) {
        if (isLocal(src)) {
            return true;
        }
        if (isLocal(dst)) {
            return false;
        }
        return request;
    }

    /** The capturing host, for messages: an endpoint, an address, or null when none is known. */
    String local() {
        return localEndpoint != null ? localEndpoint : localAddress;
    }
}
