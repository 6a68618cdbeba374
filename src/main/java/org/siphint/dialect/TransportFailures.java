package org.siphint.dialect;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * pjlib's ssl_sock_ossl.c, in pjsua's log and forwarded into Asterisk's ({@code pjproject:}):
     * {@code SSL_ERROR_SSL (Handshake): Level: 0 err: <337047686> <SSL routines-tls_process_server_certificate-certificate verify failed> len: 0 peer: 192.0.2.9:5061},
     * with OpenSSL 3's {@code <error:0A000086:SSL routines::certificate verify failed>}.
     */
    private static final Pattern PJLIB_SSL_ERROR = Pattern.compile(
            "SSL_ERROR_\\w+ \\((\\w+)\\): Level: \\d+ err: <\\d+> <([^>]*)> len: \\d+ peer: (\\S+)");

    /** A failed handshake pjlib logged: OpenSSL's reason and the peer's address. */
    public record Handshake(String reason, String peer) {
    }

    private TransportFailures() {
    }

    /** The handshake failure in a pjlib line, or null when the line is none. */
    public static Handshake pjlibHandshake(String text) {
        if (!text.contains("SSL_ERROR_")) {
            return null;
        }
        Matcher m = PJLIB_SSL_ERROR.matcher(text);
        if (!m.find() || !m.group(1).equalsIgnoreCase("Handshake")) {
            return null;
        }
        // OpenSSL 1.x "lib-function-reason", OpenSSL 3 "error:code:lib::reason": the reason is the last part
        String openssl = m.group(2);
        int cut = openssl.startsWith("error:") ? openssl.lastIndexOf(':') : openssl.lastIndexOf('-');
        return new Handshake(openssl.substring(cut + 1).trim(), m.group(3));
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
