package org.siphint.finding;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fills {@code {name}} placeholders of catalog wording with facts from the evidence.
 * {@code {name|text}} uses {@code text} when the fact is unknown; a fact that starts with white space
 * keeps one space before it (an optional clause). {@code {name:list}} shows a list the log wrote
 * with {@code |} between its items (Asterisk's {@code ulaw|alaw}) as {@code ulaw, alaw}. Facts come
 * from logs, so each one is made plain first: control characters removed, white space folded,
 * length bounded.
 */
public final class Template {

    public static final int MAX_FACT_LENGTH = 160;

    private static final Pattern LIST_BAR = Pattern.compile("\\s*\\|\\s*");

    private Template() {
    }

    public static String fill(String template, Map<String, String> facts) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            int close = c == '{' ? template.indexOf('}', i) : -1;
            if (close < 0) {
                out.append(c);
                i++;
                continue;
            }
            String key = template.substring(i + 1, close);
            String fallback = "unknown";
            int bar = key.indexOf('|');
            if (bar >= 0) {
                fallback = key.substring(bar + 1);
                key = key.substring(0, bar);
            }
            String format = "";
            int colon = key.indexOf(':');
            if (colon >= 0) {
                format = key.substring(colon + 1).trim();
                key = key.substring(0, colon);
            }
            String value = facts.get(key.trim());
            if (value == null || value.isBlank()) {
                out.append(fallback);
            } else {
                // an optional clause a rule supplies as " (the server says: ...)" keeps its leading space:
                // plain() folds white space away at both ends, so the space is put back here
                if (Character.isWhitespace(value.charAt(0))) {
                    out.append(' ');
                }
                String shown = plain(value);
                if (format.equals("list")) {
                    // a person reads "ulaw, alaw"; the bar is how the log wrote it, not part of the list
                    shown = LIST_BAR.matcher(shown).replaceAll(", ");
                }
                out.append(shown);
            }
            i = close + 1;
        }
        return out.toString();
    }

    /** One line of plain text: no control characters, folded white space, bounded length. */
    public static String plain(String value) {
        return plain(value, MAX_FACT_LENGTH);
    }

    /** {@link #plain(String)} with a limit of its own: at most {@code max} characters, then an ellipsis. */
    public static String plain(String value, int max) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), max + 1));
        boolean space = false;
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            if (c == '\u001b' && i + 1 < value.length() && value.charAt(i + 1) == '[') {
                // a terminal colour or cursor sequence: drop it whole, not only its ESC
                int j = i + 2;
                while (j < value.length() && j < i + 16 && !Character.isLetter(value.charAt(j))) {
                    j++;
                }
                i = j;
                continue;
            }
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                space = out.length() > 0;
                continue;
            }
            if (Character.getType(c) == Character.FORMAT || Character.isSurrogate(c) && !validPair(value, i)) {
                continue; // bidi overrides and broken surrogates could disguise the text
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(c);
        }
        if (out.length() >= max) {
            out.append('\u2026');
        }
        return out.toString();
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
