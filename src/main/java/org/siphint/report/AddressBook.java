package org.siphint.report;

import java.util.Locale;
import java.util.Map;

import org.siphint.event.Role;
import org.siphint.event.SipMessage;
import org.siphint.sip.HeaderValues;
import org.siphint.util.BoundedMap;

/**
 * Which logged program (which log file) owns which network address, learned from the messages
 * themselves, so that the PBX a softphone sends to and the PBX whose log we read become one column
 * of the ladder.
 *
 * <p>A program's own addresses are the sent-by of the top Via of the requests it sends and the
 * Contact of what it sends (but for a registrar's answer to a REGISTER, whose Contact is the
 * phone's binding). An address a request was received from is the same endpoint as that
 * request's top Via sent-by: NAT rewrites the source address, not the Via, so the PBX's view of a
 * phone behind NAT leads back to the phone's own address. What is learned spans calls: a
 * softphone's REGISTER tells whose address the PBX later sends an INVITE to. Bounded: the entries
 * used least recently give way.
 */
public final class AddressBook {

    static final int MAX_ADDRESSES = 1024;
    static final int MAX_FILES = 256;
    private static final String DEFAULT_PORT = "5060";

    private final Map<String, String> owners = BoundedMap.droppingLeastRecentlyUsed(MAX_ADDRESSES);
    private final Map<String, String> aliases = BoundedMap.droppingLeastRecentlyUsed(MAX_ADDRESSES);
    private final Map<String, Role> roles = BoundedMap.droppingLeastRecentlyUsed(MAX_FILES);

    /** Learns what one message tells about addresses. */
    public void learn(SipMessage m) {
        String file = m.getOrigin().file();
        roles.put(file, m.getRole());
        String topVia = m.getViaSentBy().isEmpty() ? null : normalize(m.getViaSentBy().get(0));
        if (m.isSent()) {
            if (m.isRequest() && topVia != null) {
                owners.put(topVia, file);
            }
            // a registrar's 2xx lists the bindings it keeps: the phone's Contact, not its own
            String contact = !m.isRequest() && "REGISTER".equals(m.getCseqMethod()) ? null
                    : contactAddress(m.getContact());
            if (contact != null) {
                owners.put(contact, file);
            }
        } else if (m.isRequest() && topVia != null) {
            String seenFrom = normalize(m.getPeer());
            if (seenFrom != null && !seenFrom.equals(topVia)) {
                aliases.put(seenFrom, topVia);
            }
        }
    }

    /** The log file of the program that owns {@code address}, directly or behind NAT; null when unknown. */
    public String ownerOf(String address) {
        String a = normalize(address);
        if (a == null) {
            return null;
        }
        String owner = owners.get(a);
        if (owner == null) {
            String own = aliases.get(a);
            owner = own == null ? null : owners.get(own);
        }
        return owner;
    }

    /** The role of a log file seen so far, or null. */
    public Role roleOf(String file) {
        return roles.get(file);
    }

    /** {@code host:port}, lower case, with the SIP default port when none is written; null for blank. */
    public static String normalize(String hostPort) {
        if (hostPort == null || hostPort.isBlank()) {
            return null;
        }
        String a = hostPort.trim().toLowerCase(Locale.ROOT);
        if (a.startsWith("[")) {
            return a.contains("]:") ? a : a + ":" + DEFAULT_PORT;
        }
        int colon = a.indexOf(':');
        if (colon >= 0 && a.indexOf(':', colon + 1) >= 0) {
            return "[" + a + "]:" + DEFAULT_PORT; // a bare IPv6 address
        }
        return colon < 0 ? a + ":" + DEFAULT_PORT : a;
    }

    /** The {@code host:port} of a Contact value, or null. */
    static String contactAddress(String contact) {
        String uri = HeaderValues.uri(contact);
        if (uri == null) {
            return null;
        }
        int colon = uri.indexOf(':');
        int at = uri.indexOf('@');
        String rest = at >= 0 ? uri.substring(at + 1) : uri.substring(colon + 1);
        int end = rest.length();
        for (char c : new char[] {';', '?', '>'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return normalize(rest.substring(0, end));
    }
}
