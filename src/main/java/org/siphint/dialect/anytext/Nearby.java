package org.siphint.dialect.anytext;

import org.siphint.event.Direction;

/**
 * What the words of a log line say about the SIP message next to it, found by scanning
 * characters: its direction and the address of the other side.
 *
 * <p>{@code sent}, {@code send}, {@code sending}, {@code tx}, {@code transmit(ting|ted)},
 * {@code outgoing} say SENT; {@code received}, {@code receive}, {@code receiving}, {@code recv},
 * {@code recvd}, {@code rx}, {@code incoming} say RECEIVED (words are split at anything that is not
 * a letter, so {@code send_sip_udp} counts). The weaker {@code to} and {@code from} count only
 * right before an address ({@code to 192.0.2.1:5060}, {@code from="[2001:db8::1]:5060"},
 * {@code to: udp:192.0.2.1:5060}), and not when one line has both. Addresses are
 * {@code a.b.c.d:port} and {@code [v6]:port}; the peer is the one after {@code to} of a sent
 * message or after {@code from} of a received one, else one that neither word names.
 */
final class Nearby {

    /** How much of a line is read. */
    static final int SCAN = 1024;
    /** How far before an address a {@code to}/{@code from} may stand. */
    private static final int TAG_REACH = 8;

    private Direction strong;
    private boolean weakSent;
    private boolean weakReceived;
    private String toAddress;
    private String fromAddress;
    private String plainAddress;

    private Nearby() {
    }

    /** Reads one line. */
    static Nearby of(String text) {
        Nearby n = new Nearby();
        n.scan(text);
        return n;
    }

    /** The direction the line says, or null. */
    Direction direction() {
        if (strong != null) {
            return strong;
        }
        if (weakSent != weakReceived) {
            return weakSent ? Direction.SENT : Direction.RECEIVED;
        }
        return null;
    }

    /** The other side's address for a message of {@code direction} (null: not known), or null. */
    String peer(Direction direction) {
        if (direction == Direction.SENT) {
            return toAddress != null ? toAddress : plainAddress;
        }
        if (direction == Direction.RECEIVED) {
            return fromAddress != null ? fromAddress : plainAddress;
        }
        return plainAddress;
    }

    private void scan(String s) {
        int end = Math.min(s.length(), SCAN);
        int weakEnd = -1;
        boolean weakTo = false;
        int i = 0;
        while (i < end) {
            char c = s.charAt(i);
            if (Character.isLetter(c)) {
                int j = i;
                while (j < end && Character.isLetter(s.charAt(j))) {
                    j++;
                }
                int kind = word(s, i, j - i);
                if (kind == 1 || kind == 2) {
                    if (strong == null) {
                        strong = kind == 1 ? Direction.SENT : Direction.RECEIVED;
                    }
                } else if (kind == 3 || kind == 4) {
                    weakEnd = j;
                    weakTo = kind == 3;
                }
                i = j;
            } else if (c >= '0' && c <= '9' && (i == 0 || !isAddressChar(s.charAt(i - 1)))) {
                int j = ipv4End(s, i, end);
                if (j > i) {
                    address(s.substring(i, j), i, weakEnd, weakTo);
                    i = j;
                } else {
                    i = skipNumber(s, i, end);
                }
            } else if (c == '[') {
                int j = ipv6End(s, i, end);
                if (j > i) {
                    address(s.substring(i, j), i, weakEnd, weakTo);
                    i = j;
                } else {
                    i++;
                }
            } else {
                i++;
            }
        }
    }

    private void address(String address, int at, int weakEnd, boolean weakTo) {
        if (weakEnd >= 0 && at - weakEnd <= TAG_REACH) {
            if (weakTo) {
                weakSent = true;
                if (toAddress == null) {
                    toAddress = address;
                }
            } else {
                weakReceived = true;
                if (fromAddress == null) {
                    fromAddress = address;
                }
            }
        } else if (plainAddress == null) {
            plainAddress = address;
        }
    }

    /** 1 a sending word, 2 a receiving word, 3 {@code to}, 4 {@code from}, 0 any other. */
    private static int word(String s, int at, int length) {
        return switch (length) {
            case 2 -> is(s, at, "tx") ? 1 : is(s, at, "rx") ? 2 : is(s, at, "to") ? 3 : 0;
            case 4 -> is(s, at, "sent") || is(s, at, "send") ? 1 : is(s, at, "recv") ? 2 : is(s, at, "from") ? 4 : 0;
            case 5 -> is(s, at, "recvd") ? 2 : 0;
            case 7 -> is(s, at, "sending") || is(s, at, "receive") ? (is(s, at, "sending") ? 1 : 2) : 0;
            case 8 -> is(s, at, "transmit") || is(s, at, "outgoing") ? 1 : is(s, at, "received") || is(s, at, "incoming")
                    ? 2 : 0;
            case 9 -> is(s, at, "receiving") ? 2 : 0;
            case 11 -> is(s, at, "transmitted") ? 1 : 0;
            case 12 -> is(s, at, "transmitting") ? 1 : 0;
            default -> 0;
        };
    }

    private static boolean is(String s, int at, String word) {
        return s.regionMatches(true, at, word, 0, word.length());
    }

    /** The end of {@code a.b.c.d:port} starting at {@code i}, or {@code i}. */
    private static int ipv4End(String s, int i, int end) {
        int p = i;
        for (int part = 0; part < 4; part++) {
            int d = 0;
            while (p < end && d < 4 && Character.isDigit(s.charAt(p))) {
                p++;
                d++;
            }
            if (d == 0 || d > 3) {
                return i;
            }
            if (part < 3) {
                if (p >= end || s.charAt(p) != '.') {
                    return i;
                }
                p++;
            }
        }
        return port(s, p, end, i);
    }

    /** The end of {@code [v6]:port} starting at the bracket {@code i}, or {@code i}. */
    private static int ipv6End(String s, int i, int end) {
        int p = i + 1;
        int colons = 0;
        while (p < end && p - i <= 46) {
            char c = s.charAt(p);
            if (c == ':') {
                colons++;
            } else if (!(Character.digit(c, 16) >= 0 || c == '.')) {
                break;
            }
            p++;
        }
        if (colons < 2 || p >= end || s.charAt(p) != ']') {
            return i;
        }
        return port(s, p + 1, end, i);
    }

    private static int port(String s, int p, int end, int fail) {
        if (p >= end || s.charAt(p) != ':') {
            return fail;
        }
        int q = p + 1;
        while (q < end && q - p <= 5 && Character.isDigit(s.charAt(q))) {
            q++;
        }
        if (q == p + 1 || q - p > 6 || q < end && Character.isLetterOrDigit(s.charAt(q))) {
            return fail;
        }
        return q;
    }

    private static int skipNumber(String s, int i, int end) {
        int j = i;
        while (j < end && isAddressChar(s.charAt(j))) {
            j++;
        }
        return Math.max(j, i + 1);
    }

    private static boolean isAddressChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.';
    }
}
