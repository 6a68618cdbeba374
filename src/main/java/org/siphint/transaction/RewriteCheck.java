package org.siphint.transaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.siphint.event.LogNotice;
import org.siphint.event.SipMessage;
import org.siphint.sip.HeaderValues;
import org.siphint.sip.Sdp;

/**
 * Compares a request as the program that sent it logged it with the same request as the program
 * that received it logged it, and says what was rewritten on the way. NAT changes only the
 * packet's addresses; a router's SIP ALG also rewrites the message (Via, Contact, the SDP's
 * addresses), and often leaves Content-Length as it was, which corrupts the message.
 *
 * <p>Only a request that went straight from one to the other is judged: a proxy in between (one
 * Via more, Max-Forwards lower) rewrites legitimately.
 */
final class RewriteCheck {

    private RewriteCheck() {
    }

    /**
     * A notice of kind {@link LogNotice#SIP_REWRITTEN} at the receiver, or null when the two
     * views agree or a proxy stood between them. Details: {@code what} (the first of
     * {@code content-length}, {@code sdp-address}, {@code contact}, {@code via}), then for each
     * change {@code X.sent} and {@code X.received}, and {@code changes} (all of them, comma-separated).
     */
    static LogNotice compare(SipMessage sent, SipMessage received) {
        if (sent.getViaSentBy().size() != received.getViaSentBy().size()
                || !Objects.equals(header(sent.getText(), "Max-Forwards"), header(received.getText(), "Max-Forwards"))) {
            return null;
        }
        Map<String, String> details = new LinkedHashMap<>();
        List<String> changes = new ArrayList<>(4);
        String sentSdp = sdpAddress(sent);
        String receivedSdp = sdpAddress(received);
        boolean sdpChanged = sentSdp != null && receivedSdp != null && !sentSdp.equals(receivedSdp);
        String sentLength = header(sent.getText(), "Content-Length");
        String receivedLength = header(received.getText(), "Content-Length");
        if (sdpChanged && sentLength != null && sentLength.equals(receivedLength)
                && sentSdp.length() != receivedSdp.length()) {
            // the body grew or shrank with the address, its declared length did not
            change(details, changes, "content-length", sentLength, receivedLength);
        }
        if (sdpChanged) {
            change(details, changes, "sdp-address", sentSdp, receivedSdp);
        }
        String sentContact = sent.getContactHost();
        String receivedContact = received.getContactHost();
        if (sentContact != null && receivedContact != null && !sentContact.equalsIgnoreCase(receivedContact)) {
            change(details, changes, "contact", sentContact, receivedContact);
        }
        String sentVia = host(sent.getViaSentBy());
        String receivedVia = host(received.getViaSentBy());
        if (sentVia != null && receivedVia != null && !sentVia.equalsIgnoreCase(receivedVia)) {
            change(details, changes, "via", sentVia, receivedVia);
        }
        if (changes.isEmpty()) {
            return null;
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        ordered.put("what", changes.get(0));
        ordered.put("changes", String.join(",", changes));
        ordered.put("method", sent.getMethod());
        ordered.put("sentFile", sent.getFile());
        ordered.putAll(details);
        return new LogNotice(received.getTime(), received.getOrigin(), LogNotice.SIP_REWRITTEN, received.getCallId(),
                sent.getAccount(), received.getPeer(), ordered, received.getStartLine());
    }

    private static void change(Map<String, String> details, List<String> changes, String what, String sent,
                               String received) {
        changes.add(what);
        details.put(what + ".sent", sent);
        details.put(what + ".received", received);
    }

    /** The session's connection address, else the first audio stream's. */
    private static String sdpAddress(SipMessage m) {
        Sdp sdp = m.getSdp();
        if (sdp == null) {
            return null;
        }
        return sdp.connectionAddress() != null ? sdp.connectionAddress() : m.getAudioAddress();
    }

    /** The host of the top Via's sent-by, without its port. */
    private static String host(List<String> sentBy) {
        return sentBy.isEmpty() ? null : HeaderValues.hostOf(sentBy.get(0));
    }

    /** A header's value in a message's text (full or compact name for Content-Length), or null. */
    static String header(String text, String name) {
        String compact = name.equals("Content-Length") ? "l" : null;
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(from, end).strip();
            if (line.isEmpty() && from > 0) {
                return null; // the end of the headers
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                String n = line.substring(0, colon).strip();
                if (n.equalsIgnoreCase(name) || n.equalsIgnoreCase(compact)) {
                    return line.substring(colon + 1).strip();
                }
            }
            if (nl < 0) {
                break;
            }
            from = nl + 1;
        }
        return null;
    }
}
