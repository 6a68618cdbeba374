package org.siphint.sip;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from log text before it leaves the daemon: digest credentials in
 * Authorization and Proxy-Authorization headers, passwords in URIs and config-like text,
 * and SRTP master keys in SDP. The header name and the realm stay, so the evidence still reads.
 */
public final class Redactor {

    public static final String MASK = "<redacted>";

    private static final Pattern CREDENTIALS_HEADER = Pattern.compile(
            "(?i)^(\\s*(?:proxy-)?authorization\\s*:\\s*)(\\S+)(.*)$");
    private static final Pattern DIGEST_SECRET = Pattern.compile(
            "(?i)\\b(response|nonce|cnonce|opaque|username|password|auts)\\s*=\\s*(\"[^\"]*\"?|[^,\\s]*)");
    private static final Pattern URI_PASSWORD = Pattern.compile("(?i)\\b(sips?:[^:@\\s<>\"]+):[^@\\s<>\"]+@");
    private static final Pattern SRTP_KEY = Pattern.compile("(?i)(inline:)[A-Za-z0-9+/=]+");
    // MIKEY (RFC 4567) carries the SRTP keys in the SDP too
    private static final Pattern MIKEY = Pattern.compile("(?i)(key-mgmt:\\s*mikey\\s+)\\S+");
    // password=, auth_password: , "password": "x" (JSON), md5_cred= (Asterisk), secret= (chan_sip)
    private static final Pattern PASSWORD_ASSIGNMENT = Pattern.compile(
            "(?i)([a-z_]*(?:password|passwd|secret|pwd|md5_cred))([\"']?\\s*[=:]\\s*)(\"[^\"]*\"?|'[^']*'?|[^\\s,;&]+)");

    private Redactor() {
    }

    /** Redacts one line. Lines with none of the trigger words are returned unchanged and cost no regex. */
    public static String line(String line) {
        if (line == null || !mayHoldSecret(line)) {
            return line;
        }
        // each pattern runs only on a line holding a word it needs to match: most lines that pass
        // the prefilter carry one secret form (a challenge's nonce, an Authorization header), and
        // five case-insensitive scans of each were a tenth of the cost of reading a log
        if (containsAsciiFolded(line, "authorization")) {
            Matcher header = CREDENTIALS_HEADER.matcher(line);
            if (header.matches()) {
                String scheme = header.group(2);
                String params = header.group(3);
                String realm = HeaderValues.authParam(params, "realm");
                return header.group(1) + scheme + " " + (realm != null ? "realm=\"" + realm + "\", " : "") + MASK;
            }
        }
        String out = line;
        if (containsAnyAsciiFolded(out, DIGEST_WORDS)) {
            out = DIGEST_SECRET.matcher(out).replaceAll("$1=" + MASK);
        }
        if (out.indexOf('@') >= 0 && containsAsciiFolded(out, "sip")) {
            out = URI_PASSWORD.matcher(out).replaceAll("$1:" + MASK + "@");
        }
        if (containsAsciiFolded(out, "inline:")) {
            out = SRTP_KEY.matcher(out).replaceAll("$1" + MASK);
        }
        if (containsAsciiFolded(out, "mikey")) {
            out = MIKEY.matcher(out).replaceAll("$1" + MASK);
        }
        if (containsAnyAsciiFolded(out, PASSWORD_WORDS)) {
            out = PASSWORD_ASSIGNMENT.matcher(out).replaceAll("$1$2" + MASK);
        }
        return out;
    }

    /** The words {@link #DIGEST_SECRET} matches on. */
    private static final String[] DIGEST_WORDS = {"response", "nonce", "opaque", "username", "password", "auts"};

    /** The words {@link #PASSWORD_ASSIGNMENT} matches on. */
    private static final String[] PASSWORD_WORDS = {"password", "passwd", "secret", "pwd", "md5_cred"};

    private static boolean containsAnyAsciiFolded(String s, String[] lowerWords) {
        for (String w : lowerWords) {
            if (containsAsciiFolded(s, w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsAsciiFolded(String s, String lower) {
        for (int i = 0, last = s.length() - lower.length(); i <= last; i++) {
            if (startsWithAsciiFolded(s, i, lower)) {
                return true;
            }
        }
        return false;
    }

    /** Redacts every line of a multi-line text. */
    public static String text(String text) {
        if (text == null || !mayHoldSecret(text)) {
            return text;
        }
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(line(lines[i]));
        }
        return out.toString();
    }

    /** Words every secret-bearing form contains, in lower case. */
    private static final String[] TRIGGERS = {"authorization", "response=", "nonce", "password", "passwd", "secret",
            "pwd", "md5_cred", "inline:", "mikey", "username="};

    /**
     * The first three characters of each trigger, as a bit set of 15-bit codes (5 bits a character,
     * see {@link #CODE}). Checking the three characters ending at each position against it is one
     * table lookup, and only positions whose three characters begin a trigger are compared in full.
     * Testing by first letter alone compared at nearly every position: the triggers start with
     * a, i, m, n, p, r, s and u.
     */
    private static final long[] TRIGRAMS = new long[1 << 15 >> 6];

    /** 5-bit code of an ASCII character, case folded: letters 1 to 26, the digit 5 (of md5_cred) 27, anything else 0. */
    private static final byte[] CODE = new byte[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            CODE[c] = (byte) (c - 'a' + 1);
            CODE[Character.toUpperCase(c)] = (byte) (c - 'a' + 1);
        }
        CODE['5'] = 27; // md5_cred
        for (String t : TRIGGERS) {
            int code = trigram(t);
            TRIGRAMS[code >>> 6] |= 1L << code;
        }
    }

    /**
     * A cheap prefilter, run on every message: one pass over the text without allocating, looking
     * for the words every secret-bearing form contains, and for a password in a SIP URI. Letters are
     * folded as ASCII ({@code String.regionMatches(true, ...)} folds all of Unicode, char by char,
     * and was the largest cost of reading a log).
     */
    static boolean mayHoldSecret(String s) {
        int n = s.length();
        int code = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == ':' && (code == SIP || code == IPS && i >= 4 && (s.charAt(i - 4) | 0x20) == 's')
                    && hasPasswordAfter(s, i + 1)) {
                return true;
            }
            code = ((code << 5) | (c < 128 ? CODE[c] : 0)) & 0x7FFF;
            // a trigram containing a character outside the triggers' alphabet has a zero 5-bit
            // group, and no trigger's code does, so the table rejects it
            if (i >= 2 && (TRIGRAMS[code >>> 6] & (1L << code)) != 0) {
                for (String t : TRIGGERS) {
                    if (startsWithAsciiFolded(s, i - 2, t)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static final int SIP = trigram("sip");
    private static final int IPS = trigram("ips");

    private static int trigram(String lower) {
        return (CODE[lower.charAt(0)] << 10) | (CODE[lower.charAt(1)] << 5) | CODE[lower.charAt(2)];
    }

    /**
     * Whether the userinfo of a SIP URI starting at {@code from} (just after {@code sip:}) holds a
     * password: a colon before the {@code @}.
     */
    private static boolean hasPasswordAfter(String text, int from) {
        boolean colon = false;
        for (int j = from, n = text.length(); j < n; j++) {
            char c = text.charAt(j);
            if (c == '@') {
                return colon;
            }
            if (c == ':') {
                colon = true;
            } else if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == ';' || c == ',' || c == '/') {
                return false;
            }
        }
        return false;
    }

    /** Whether {@code s} has {@code lower} (lower case ASCII) at {@code from}, ignoring ASCII case. */
    private static boolean startsWithAsciiFolded(String s, int from, String lower) {
        int m = lower.length();
        if (from + m > s.length()) {
            return false;
        }
        for (int k = 0; k < m; k++) {
            char c = s.charAt(from + k);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c | 0x20);
            }
            if (c != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
