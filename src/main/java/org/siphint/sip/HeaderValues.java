package org.siphint.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small pure helpers for SIP header values: list splitting, parameters, name-addr URIs.
 * Each one tolerates malformed input and answers null rather than throwing, since log text is hostile.
 */
public final class HeaderValues {

    private HeaderValues() {
    }

    /** Splits a comma-separated header value, ignoring commas inside quotes or angle brackets. */
    public static List<String> splitList(String value) {
        List<String> parts = new ArrayList<>(2);
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                depth++;
            } else if (!quoted && c == '>' && depth > 0) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                String part = value.substring(start, i).trim();
                if (!part.isEmpty()) {
                    parts.add(part);
                }
                start = i + 1;
            }
        }
        String last = value.substring(start).trim();
        if (!last.isEmpty()) {
            parts.add(last);
        }
        return parts;
    }

    /**
     * A header parameter such as {@code tag} in a From value or {@code branch} in a Via, or null.
     * Parameters inside the angle-bracketed URI are not header parameters and are skipped.
     */
    public static String param(String value, String name) {
        if (value == null) {
            return null;
        }
        // read in place: a string is made only for the value asked for (this runs for the tags and
        // the branch of every message)
        int n = value.length();
        int close = value.lastIndexOf('>');
        int i = value.indexOf(';', close >= 0 ? close + 1 : 0);
        while (i >= 0) {
            int end = value.indexOf(';', i + 1);
            int a = i + 1;
            int b = end < 0 ? n : end;
            while (a < b && value.charAt(a) <= ' ') {
                a++;
            }
            while (b > a && value.charAt(b - 1) <= ' ') {
                b--;
            }
            int eq = value.indexOf('=', a);
            if (eq >= b) {
                eq = -1;
            }
            int keyEnd = eq < 0 ? b : eq;
            while (keyEnd > a && value.charAt(keyEnd - 1) <= ' ') {
                keyEnd--;
            }
            if (keyEnd - a == name.length() && value.regionMatches(true, a, name, 0, name.length())) {
                if (eq < 0) {
                    return "";
                }
                int v = eq + 1;
                while (v < b && value.charAt(v) <= ' ') {
                    v++;
                }
                if (b - v >= 2 && value.charAt(v) == '"' && value.charAt(b - 1) == '"') {
                    return value.substring(v + 1, b - 1);
                }
                return value.substring(v, b);
            }
            i = end;
        }
        return null;
    }

    /** The URI of a name-addr or addr-spec ({@code "Bob" <sip:bob@x>;tag=1} gives {@code sip:bob@x}). */
    public static String uri(String value) {
        if (value == null) {
            return null;
        }
        int from = 0;
        if (value.trim().startsWith("\"")) {
            // a quoted display name may itself hold '<' and '>': the URI starts after its closing quote
            int first = value.indexOf('"');
            int close = first + 1;
            while (close < value.length() && (value.charAt(close) != '"' || value.charAt(close - 1) == '\\')) {
                close++;
            }
            from = Math.min(close + 1, value.length());
        }
        int open = value.indexOf('<', from);
        if (open >= 0) {
            int close = value.indexOf('>', open);
            return (close < 0 ? value.substring(open + 1) : value.substring(open + 1, close)).trim();
        }
        int semi = value.indexOf(';');
        return (semi < 0 ? value : value.substring(0, semi)).trim();
    }

    /** An address of record: the URI without its parameters and headers, e.g. {@code sip:alice@example.com}. */
    public static String aor(String value) {
        String uri = uri(value);
        if (uri == null) {
            return null;
        }
        int cut = uri.length();
        for (char c : new char[] {';', '?'}) {
            int i = uri.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return uri.substring(0, cut);
    }

    /** The user part of a SIP URI ({@code sip:alice@x} gives {@code alice}), or null. */
    public static String user(String uriOrNameAddr) {
        String aor = aor(uriOrNameAddr);
        if (aor == null) {
            return null;
        }
        int colon = aor.indexOf(':');
        int at = aor.indexOf('@');
        if (at < 0 || colon < 0 || colon > at) {
            return null;
        }
        return aor.substring(colon + 1, at);
    }

    /** The host (without port) of a SIP URI, or null; IPv6 references lose their brackets. */
    public static String host(String uriOrNameAddr) {
        String aor = aor(uriOrNameAddr);
        if (aor == null) {
            return null;
        }
        int at = aor.indexOf('@');
        String hostPort = at >= 0 ? aor.substring(at + 1) : aor.substring(aor.indexOf(':') + 1);
        return hostOf(hostPort);
    }

    /** The host of a {@code host[:port]} or {@code [v6]:port} string. */
    public static String hostOf(String hostPort) {
        if (hostPort == null || hostPort.isEmpty()) {
            return null;
        }
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            return close < 0 ? hostPort.substring(1) : hostPort.substring(1, close);
        }
        int colon = hostPort.indexOf(':');
        if (colon >= 0 && hostPort.indexOf(':', colon + 1) >= 0) {
            return hostPort; // a bare IPv6 address
        }
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    /** The sent-by host of a Via value ({@code SIP/2.0/UDP 10.0.0.1:5060;branch=...} gives {@code 10.0.0.1}). */
    public static String viaHost(String via) {
        if (via == null) {
            return null;
        }
        int space = via.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String rest = via.substring(space + 1).trim();
        int semi = rest.indexOf(';');
        return hostOf((semi < 0 ? rest : rest.substring(0, semi)).trim());
    }

    /** The sent-by {@code host:port} of a Via value, as written. */
    public static String viaSentBy(String via) {
        if (via == null) {
            return null;
        }
        int space = via.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String rest = via.substring(space + 1).trim();
        int semi = rest.indexOf(';');
        return (semi < 0 ? rest : rest.substring(0, semi)).trim();
    }

    /** The transport of a Via value ({@code SIP/2.0/TCP ...} gives {@code TCP}). */
    public static String viaTransport(String via) {
        if (via == null) {
            return null;
        }
        int space = via.indexOf(' ');
        String protocol = space < 0 ? via : via.substring(0, space);
        int slash = protocol.lastIndexOf('/');
        return slash < 0 ? null : protocol.substring(slash + 1).trim().toUpperCase(Locale.ROOT);
    }

    /** A parameter of a digest challenge or credentials header ({@code realm}, {@code stale}), or null. */
    public static String authParam(String value, String name) {
        if (value == null) {
            return null;
        }
        // compared in place, not on a lower-cased copy: this runs for every challenge and every
        // request with credentials (and a copy lower-cased may not even keep the indexes)
        int k = name.length();
        if (k == 0) {
            return null;
        }
        char first = Character.toLowerCase(name.charAt(0));
        for (int i = 0; i + k <= value.length(); i++) {
            if (Character.toLowerCase(value.charAt(i)) != first || !value.regionMatches(true, i, name, 0, k)) {
                continue;
            }
            boolean startsWord = i == 0 || !Character.isLetterOrDigit(value.charAt(i - 1));
            int j = i + k;
            while (j < value.length() && value.charAt(j) == ' ') {
                j++;
            }
            if (startsWord && j < value.length() && value.charAt(j) == '=') {
                j++;
                while (j < value.length() && value.charAt(j) == ' ') {
                    j++;
                }
                if (j < value.length() && value.charAt(j) == '"') {
                    int end = value.indexOf('"', j + 1);
                    return end < 0 ? value.substring(j + 1) : value.substring(j + 1, end);
                }
                int end = j;
                while (end < value.length() && value.charAt(end) != ',' && value.charAt(end) != ' ') {
                    end++;
                }
                return value.substring(j, end);
            }
        }
        return null;
    }

    static String unquote(String s) {
        if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
