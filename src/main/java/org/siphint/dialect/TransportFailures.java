package org.siphint.dialect;

import java.util.Locale;

/**
 * Sorts the words a SIP stack logs when a connection to its server fails into the causes of the
 * catalog's {@code transport-failure}: each stack words a refused connection or a rejected
 * certificate in its own way (errno text, OpenSSL or mbedTLS reasons), and the finding must say
 * which one it was, not repeat the stack's wording.
 */
public final class TransportFailures {

    public static final String TCP_REFUSED = "tcp-refused";
    public static final String TLS_HANDSHAKE = "tls-handshake";
    public static final String UNREACHABLE = "unreachable";

    private TransportFailures() {
    }

    /** The cause a reason points to, or null when it is no transport failure (a timeout is not: SIP's timers judge those). */
    public static String causeOf(String reason) {
        if (reason == null) {
            return null;
        }
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("ssl") || r.contains("tls") || r.contains("certificate") || r.contains("x509")
                || r.contains("handshake") || r.contains("unknown ca") || r.contains("wrong version")) {
            return TLS_HANDSHAKE;
        }
        if (r.contains("connection refused") || r.contains("connection reset") || r.contains("econnrefused")
                || r.contains("econnreset")) {
            return TCP_REFUSED;
        }
        if (r.contains("network is unreachable") || r.contains("no route to host") || r.contains("host is unreachable")
                || r.contains("enetunreach") || r.contains("ehostunreach")) {
            return UNREACHABLE;
        }
        return null;
    }

    /** Whether a host is an address rather than a name (a name that fails to resolve is a DNS failure, an address is not). */
    public static boolean isAddress(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        return host.indexOf(':') >= 0 || host.startsWith("[") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }
}
