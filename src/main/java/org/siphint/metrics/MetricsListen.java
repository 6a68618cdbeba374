package org.siphint.metrics;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the metrics endpoint listens, from the configuration's {@code metrics: {listen: ...}}:
 * {@code HOST:PORT}, {@code [IPv6]:PORT}, or {@code :PORT} and {@code PORT} for loopback. It
 * listens beyond this machine only when an address says so ({@code 0.0.0.0:9464}).
 */
public final class MetricsListen {

    /** The port of the documented example ({@code 127.0.0.1:9464}). */
    public static final int DEFAULT_PORT = 9464;

    private MetricsListen() {
    }

    /** Parses a listen address; throws {@link IllegalArgumentException} with a message a user can act on. */
    public static InetSocketAddress parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("an empty address (HOST:PORT, e.g. 127.0.0.1:" + DEFAULT_PORT + ")");
        }
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + text + "' is not [IPv6]:PORT");
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
        } else {
            int colon = t.lastIndexOf(':');
            if (colon >= 0 && t.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, [::1]:PORT");
            }
            host = colon < 0 ? "" : t.substring(0, colon);
            port = colon < 0 ? t : t.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no port number (HOST:PORT)");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("'" + text + "': port " + p + " is out of range");
        }
        try {
            InetAddress address = host.isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host);
            return new InetSocketAddress(address, p);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "': unknown host " + host);
        }
    }
}
