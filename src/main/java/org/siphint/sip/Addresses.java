package org.siphint.sip;

import java.util.Locale;

/**
 * Classifies the IP addresses logs show, for rules about NAT: an RFC 1918 (or carrier-grade NAT,
 * link-local, IPv6 unique-local) address in SDP or a Contact is not reachable from the internet,
 * while the peer that sent the message may be. Host names are neither private nor public: without
 * resolving them nothing can be said, and rules stay silent.
 */
public final class Addresses {

    private Addresses() {
    }

    /** Whether a host (or {@code host:port}) is an IP literal in a private or link-local range. */
    public static boolean isPrivate(String hostOrHostPort) {
        int[] v4 = ipv4(HeaderValues.hostOf(hostOrHostPort));
        if (v4 != null) {
            return v4[0] == 10
                    || v4[0] == 172 && v4[1] >= 16 && v4[1] <= 31
                    || v4[0] == 192 && v4[1] == 168
                    || v4[0] == 100 && v4[1] >= 64 && v4[1] <= 127
                    || v4[0] == 169 && v4[1] == 254;
        }
        String v6 = ipv6(HeaderValues.hostOf(hostOrHostPort));
        return v6 != null && (v6.startsWith("fc") || v6.startsWith("fd") || v6.startsWith("fe8")
                || v6.startsWith("fe9") || v6.startsWith("fea") || v6.startsWith("feb"));
    }

    /** Whether a host (or {@code host:port}) is an IP literal reachable from the internet. */
    public static boolean isPublic(String hostOrHostPort) {
        String host = HeaderValues.hostOf(hostOrHostPort);
        int[] v4 = ipv4(host);
        if (v4 != null) {
            return !isPrivate(host) && v4[0] != 127 && v4[0] != 0 && v4[0] < 224;
        }
        String v6 = ipv6(host);
        return v6 != null && !isPrivate(host) && !v6.equals("::1") && !v6.equals("::") && !v6.startsWith("ff");
    }

    /**
     * The four octets of a dotted-quad IPv4 address (ASCII digits only, at most three per octet),
     * or null. Read by hand: rules ask this of every registration and answer, and splitting the
     * text cost more than the rest of their conditions.
     */
    private static int[] ipv4(String host) {
        if (host == null) {
            return null;
        }
        int[] out = new int[4];
        int octet = 0;
        int digits = 0;
        int value = 0;
        for (int i = 0, n = host.length(); i < n; i++) {
            char c = host.charAt(i);
            if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
            } else if (c == '.' && digits > 0 && octet < 3) {
                if (value > 255) {
                    return null;
                }
                out[octet++] = value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        if (octet != 3 || digits == 0 || value > 255) {
            return null;
        }
        out[3] = value;
        return out;
    }

    private static String ipv6(String host) {
        if (host == null || host.indexOf(':') < 0) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0) ? h : null;
    }
}
