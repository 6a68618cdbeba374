package org.siphint.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * A server siphint sends to: {@code udp://HOST:PORT} or {@code tcp://HOST:PORT} (syslog, a HEP
 * collector such as Homer). No host ({@code udp://:514}) means this machine's loopback.
 */
public record NetTarget(Transport transport, String host, int port) {

    public enum Transport { UDP, TCP }

    /** Parses a target; {@code defaultPort} when the text names none. */
    public static NetTarget parse(String text, int defaultPort) {
        String t = text == null ? "" : text.strip();
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not udp://HOST:PORT or tcp://HOST:PORT");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Transport transport = switch (scheme) {
            case "udp" -> Transport.UDP;
            case "tcp" -> Transport.TCP;
            default -> throw new IllegalArgumentException("'" + text + "': the target is udp://HOST:PORT or tcp://HOST:PORT");
        };
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + text + "': only a host and a port, e.g. " + scheme + "://127.0.0.1:"
                    + defaultPort);
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        String host = uri.getHost();
        int port = uri.getPort();
        if (host == null) {
            // "udp://:514" (no host) is loopback; URI leaves host and port unparsed then
            if (!authority.startsWith(":")) {
                throw new IllegalArgumentException("'" + text + "' names no host");
            }
            host = "";
            try {
                port = Integer.parseInt(authority.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no port number");
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (port > 65535 || port == 0) {
            throw new IllegalArgumentException("'" + text + "': port " + port + " is out of range");
        }
        return new NetTarget(transport, host, port < 0 ? defaultPort : port);
    }

    /** The target's address, resolved now (a name may resolve differently later: resolve again on reconnect). */
    public InetSocketAddress resolve() throws UnknownHostException {
        InetAddress address = host.isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host);
        return new InetSocketAddress(address, port);
    }

    @Override
    public String toString() {
        String h = host.isEmpty() ? InetAddress.getLoopbackAddress().getHostAddress() : host;
        return transport.name().toLowerCase(Locale.ROOT) + "://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
    }
}
