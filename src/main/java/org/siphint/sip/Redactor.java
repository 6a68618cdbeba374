package org.siphint.sip;

import java.util.Locale;
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

    /** A cheap prefilter: the words every secret-bearing form contains. */
    static boolean mayHoldSecret(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        return lower.contains("authorization") || lower.contains("response=") || lower.contains("nonce")
                || lower.contains("password") || lower.contains("passwd") || lower.contains("secret")
                || lower.contains("pwd") || lower.contains("md5_cred") || lower.contains("inline:")
                || lower.contains("mikey") || lower.contains("username=") || hasUriPassword(lower);
    }

    /** Whether a {@code sip:} or {@code sips:} URI carries {@code user:password@}: a second colon before its '@'. */
    private static boolean hasUriPassword(String lower) {
        int i = lower.indexOf("sip");
        while (i >= 0) {
            int j = i + 3;
            if (j < lower.length() && lower.charAt(j) == 's') {
                j++;
            }
            if (j < lower.length() && lower.charAt(j) == ':') {
                boolean secondColon = false;
                for (int k = j + 1; k < lower.length(); k++) {
                    char c = lower.charAt(k);
                    if (c == '@') {
                        if (secondColon) {
                            return true;
                        }
                        break;
                    }
                    if (c == ':') {
                        secondColon = true;
                    } else if (Character.isWhitespace(c) || c == '<' || c == '>' || c == '"' || c == ','
                            || c == ';') {
                        break;
                    }
                }
            }
            i = lower.indexOf("sip", i + 3);
        }
        return false;
    }
}
