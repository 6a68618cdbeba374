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
        String out = line;
        Matcher header = CREDENTIALS_HEADER.matcher(out);
        if (header.matches()) {
            String scheme = header.group(2);
            String params = header.group(3);
            String realm = HeaderValues.authParam(params, "realm");
            out = header.group(1) + scheme + " " + (realm != null ? "realm=\"" + realm + "\", " : "") + MASK;
            return out;
        }
        out = DIGEST_SECRET.matcher(out).replaceAll("$1=" + MASK);
        out = URI_PASSWORD.matcher(out).replaceAll("$1:" + MASK + "@");
        out = SRTP_KEY.matcher(out).replaceAll("$1" + MASK);
        out = MIKEY.matcher(out).replaceAll("$1" + MASK);
        out = PASSWORD_ASSIGNMENT.matcher(out).replaceAll("$1$2" + MASK);
        return out;
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

    /** For each ASCII letter folded to lower case: the triggers that start with it (most letters: none). */
    private static final String[][] TRIGGERS_BY_FIRST = new String[128][];

    static {
        for (String t : TRIGGERS) {
            String[] old = TRIGGERS_BY_FIRST[t.charAt(0)];
            String[] grown = old == null ? new String[1] : java.util.Arrays.copyOf(old, old.length + 1);
            grown[grown.length - 1] = t;
            TRIGGERS_BY_FIRST[t.charAt(0)] = grown;
        }
    }

    /**
     * A cheap prefilter, run on every message: one pass over the text without allocating, looking
     * for the words every secret-bearing form contains, and for a password in a SIP URI. The
     * comparison folds ASCII letters only ({@code String.regionMatches(true, ...)} folds all of
     * Unicode, char by char, and was the largest cost of reading a log).
     */
    static boolean mayHoldSecret(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c | 0x20);
            }
            String[] candidates = c < 128 ? TRIGGERS_BY_FIRST[c] : null;
            if (candidates != null) {
                for (String t : candidates) {
                    if (startsWithAsciiFolded(s, i, t)) {
                        return true;
                    }
                }
            }
        }
        return hasUriPassword(s);
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

    /** Whether a {@code sip:user:password@host} URI appears: a colon in the userinfo of a SIP URI. */
    private static boolean hasUriPassword(String text) {
        int n = text.length();
        for (int i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
            boolean sip = i >= 3 && startsWithAsciiFolded(text, i - 3, "sip")
                    || i >= 4 && startsWithAsciiFolded(text, i - 4, "sips");
            if (!sip) {
                continue;
            }
            boolean colon = false;
            for (int j = i + 1; j < n; j++) {
                char c = text.charAt(j);
                if (c == '@') {
                    if (colon) {
                        return true;
                    }
                    break;
                }
                if (c == ':') {
                    colon = true;
                } else if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == ';' || c == ',' || c == '/') {
                    break;
                }
            }
        }
        return false;
    }
}
