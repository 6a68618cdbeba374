package org.siphint.dialect.anytext;

/**
 * Recognises SIP lines inside other text by scanning characters: where a start line begins behind a
 * log prefix, whether a line is a header, and the same prefix repeated on the lines that follow.
 * Every method is linear in the line's length.
 */
final class SipLines {

    private static final String VERSION = "SIP/2.0";

    private SipLines() {
    }

    /**
     * Where a SIP start line begins in {@code line}: {@code SIP/2.0 NNN ...} (a response) or
     * {@code METHOD scheme:uri SIP/2.0} at the line's end (a request), each after the line's start or
     * a character that cannot be part of it (a space, {@code :}, {@code ]}, {@code >}, {@code |}...).
     * -1 when the line holds none.
     */
    static int startLineAt(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        int at = line.indexOf(VERSION);
        while (at >= 0) {
            int after = at + VERSION.length();
            if (after + 4 <= line.length() && line.charAt(after) == ' ' && isDigit(line.charAt(after + 1))
                    && isDigit(line.charAt(after + 2)) && isDigit(line.charAt(after + 3))
                    && (after + 4 == line.length() || line.charAt(after + 4) == ' ')
                    && (at == 0 || boundary(line.charAt(at - 1)))) {
                return at;
            }
            if (at > 0 && line.charAt(at - 1) == ' ' && after == end) {
                return requestStart(line, at - 1);
            }
            at = line.indexOf(VERSION, after);
        }
        return -1;
    }

    /** The start of {@code METHOD uri} ending at the space {@code space} before {@code SIP/2.0}. */
    private static int requestStart(String line, int space) {
        int uriStart = line.lastIndexOf(' ', space - 1) + 1;
        if (uriStart <= 1 || uriStart >= space) {
            return -1;
        }
        int colon = line.indexOf(':', uriStart);
        if (colon <= uriStart || colon >= space) {
            return -1;
        }
        for (int i = uriStart; i < colon; i++) {
            if (!Character.isLetter(line.charAt(i))) {
                return -1; // a URI starts with its scheme: sip:, sips:, tel:
            }
        }
        int methodEnd = uriStart - 1;
        int m = methodEnd;
        while (m > 0 && isMethodChar(line.charAt(m - 1))) {
            m--;
        }
        int length = methodEnd - m;
        if (length < 3 || length > 20 || m > 0 && !boundary(line.charAt(m - 1))) {
            return -1;
        }
        return m;
    }

    /**
     * Whether {@code s} is a header line {@code Name: value} (a token, optional blanks, a colon) or
     * the continuation of one (leading white space).
     */
    static boolean isHeader(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char first = s.charAt(0);
        if (first == ' ' || first == '\t') {
            return !s.isBlank();
        }
        int i = 0;
        while (i < s.length() && i <= 64 && isTokenChar(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 64) {
            return false;
        }
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i < s.length() && s.charAt(i) == ':';
    }

    /** Whether {@code s} is one of the headers every SIP message carries (full or compact name). */
    static boolean isCoreHeader(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String name = s.substring(0, colon).trim();
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "via", "v", "from", "f", "to", "t", "call-id", "i", "cseq", "contact", "m", "content-length", "l",
                 "max-forwards" -> true;
            default -> false;
        };
    }

    /** Whether {@code s} is an SDP line such as {@code v=0}: a body that starts without a blank line. */
    static boolean isSdpLine(String s) {
        return s.length() >= 2 && s.charAt(1) == '=' && s.charAt(0) >= 'a' && s.charAt(0) <= 'z';
    }

    /**
     * {@code line} without the log prefix {@code prefix} that the start line carried, or null when
     * the line does not carry it. The prefix is matched by its shape: a digit matches any digit and
     * a space matches a digit (a timestamp or a padded day that moved on), every other character
     * itself. A line shorter than the prefix matches when what it lacks is blank (an empty message).
     */
    static String strip(String line, String prefix) {
        int n = prefix.length();
        if (n == 0) {
            return line;
        }
        int common = Math.min(n, line.length());
        for (int i = 0; i < common; i++) {
            char p = prefix.charAt(i);
            char c = line.charAt(i);
            if (p != c && !(isDigit(p) && (isDigit(c) || c == ' ') || p == ' ' && isDigit(c))) {
                return null;
            }
        }
        if (line.length() < n) {
            return prefix.substring(line.length()).isBlank() ? "" : null;
        }
        return line.substring(n);
    }

    private static boolean boundary(char c) {
        return !Character.isLetterOrDigit(c) && c != '-' && c != '_' && c != '.' && c != '/';
    }

    private static boolean isMethodChar(char c) {
        return c >= 'A' && c <= 'Z' || c == '-' || c == '_';
    }

    private static boolean isTokenChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                || c == '.' || c == '!' || c == '%' || c == '*' || c == '+' || c == '`' || c == '\'' || c == '~';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
