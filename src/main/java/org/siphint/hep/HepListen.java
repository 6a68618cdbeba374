package org.siphint.hep;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a HEP receiver listens: {@code udp://HOST:PORT} or {@code tcp://HOST:PORT}. Without a host
 * ({@code udp://:9060}) it is the loopback address: a receiver is open to other machines only
 * when an address says so. Only literal addresses and {@code localhost} are taken, never a name
 * to look up.
 */
public record HepListen(boolean tcp, InetSocketAddress address) {

    public static final int DEFAULT_PORT = 9060;

    public static HepListen parse(String text) {
        String t = text.trim();
        int sep = t.indexOf("://");
        String scheme = sep < 0 ? "" : t.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!scheme.equals("udp") && !scheme.equals("tcp")) {
            throw new IllegalArgumentException("'" + text + "': give udp://HOST:PORT or tcp://HOST:PORT");
        }
        String authority = t.substring(sep + 3);
        if (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "': an IPv6 address without its ']'");
            }
            host = authority.substring(1, close);
            if (authority.length() > close + 1) {
                if (authority.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("'" + text + "': no port after the address");
                }
                portText = authority.substring(close + 2);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        int port = DEFAULT_PORT;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("'" + text + "': the port must be a number from 0 to 65535");
            }
        }
        InetAddress address;
        try {
            if (host.isEmpty() || host.equalsIgnoreCase("localhost")) {
                address = InetAddress.getLoopbackAddress();
            } else if (!host.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("'" + text + "': give an IP address, not a name");
            } else {
                address = InetAddress.getByName(host);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "': no such address");
        }
        return new HepListen(scheme.equals("tcp"), new InetSocketAddress(address, port));
    }

    @Override
    public String toString() {
        return (tcp ? "tcp://" : "udp://") + (address.getAddress().getHostAddress().indexOf(':') >= 0
                ? "[" + address.getAddress().getHostAddress() + "]" : address.getAddress().getHostAddress())
                + ":" + address.getPort();
    }
}
