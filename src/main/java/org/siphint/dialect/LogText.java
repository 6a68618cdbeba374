package org.siphint.dialect;

/** Cleaning that every dialect needs before matching a line. */
public final class LogText {

    private LogText() {
    }

    /**
     * Removes ANSI escape sequences (colours that console captures and baresip write) and what a
     * carriage return redrew: a status line rewritten in place keeps only its last version.
     */
    public static String clean(String line) {
        if (line.indexOf('\u001b') < 0 && line.indexOf('\r') < 0) {
            return line;
        }
        String s = line;
        int cr = s.lastIndexOf('\r', s.length() - 2);
        if (cr >= 0 && cr < s.length() - 1) {
            s = s.substring(cr + 1);
        }
        if (s.endsWith("\r")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.indexOf('\u001b') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u001b' && i + 1 < s.length() && s.charAt(i + 1) == '[') {
                int j = i + 2;
                while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == ';' || s.charAt(j) == '?')) {
                    j++;
                }
                i = j; // skip the final letter too
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Parses an int, answering {@code fallback} for anything that is not one. */
    public static int parseInt(String s, int fallback) {
        try {
            return Integer.parseInt(s.trim());
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /** Parses a double, answering NaN for anything that is not one. */
    public static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
