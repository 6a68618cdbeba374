package org.siphint.notify;

import java.util.Locale;

import org.siphint.finding.Finding;

/**
 * What a pop-up says, made safe for whatever renders it. A finding's title and summary carry facts
 * from logs (codec names, URIs, header values), and logs are hostile: every string here is bounded
 * on code point boundaries, so a cut never splits a surrogate pair, and escaped for the renderer
 * that shows it.
 */
public final class NotificationText {

    /** Longest title in code points; longer titles end with an ellipsis. */
    public static final int TITLE_MAX = 80;
    /** Longest body in code points. */
    public static final int BODY_MAX = 400;

    private static final String ELLIPSIS = "\u2026";

    private final String title;
    private final String body;

    private NotificationText(String title, String body) {
        this.title = title;
        this.body = body;
    }

    /** The plain (unescaped) title and body of a finding's pop-up, bounded. */
    public static NotificationText of(Finding f) {
        String title = bound(oneLine(f.title()), TITLE_MAX);
        StringBuilder body = new StringBuilder(oneLine(f.summary()));
        if (f.fix() != null && !f.fix().isEmpty()) {
            body.append('\n').append("Try: ").append(oneLine(f.fix().get(0)));
        }
        return new NotificationText(title, bound(body.toString(), BODY_MAX));
    }

    public String title() {
        return title;
    }

    public String body() {
        return body;
    }

    /**
     * One line: white space and control characters folded to one space; format characters (bidi
     * overrides that could disguise the text) and unpaired surrogates dropped. Not bounded here.
     */
    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), 4 * BODY_MAX));
        boolean space = false;
        for (int i = 0; i < s.length() && out.length() < 4 * BODY_MAX; ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                space = out.length() > 0;
                continue;
            }
            if (Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.SURROGATE) {
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.appendCodePoint(c);
        }
        return out.toString();
    }

    /**
     * At most {@code max} code points of {@code s}; a cut text ends with an ellipsis (counted in
     * {@code max}). Never splits a surrogate pair.
     */
    public static String bound(String s, int max) {
        if (s == null) {
            return "";
        }
        if (s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        if (max <= 0) {
            return "";
        }
        int end = s.offsetByCodePoints(0, max - 1);
        return s.substring(0, end) + ELLIPSIS;
    }

    /**
     * At most {@code maxChars} UTF-16 units of {@code s}, for fixed {@code WCHAR} buffers such as
     * those of the Windows notification area (their size less one for the terminating NUL). The cut
     * falls on a code point boundary and ends with an ellipsis.
     */
    public static String boundUtf16(String s, int maxChars) {
        if (s == null) {
            return "";
        }
        if (s.length() <= maxChars) {
            return s;
        }
        if (maxChars <= 0) {
            return "";
        }
        int end = maxChars - 1; // room for the ellipsis
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + ELLIPSIS;
    }

    /**
     * Escapes the characters that Pango markup (Linux notification servers that announce
     * {@code body-markup}) or XML (Windows toasts) would read as markup: {@code & < > " '}. The
     * result shows the text literally, a SIP URI in angle brackets included.
     */
    public static String escapeMarkup(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    // control characters other than the line break are invalid in XML and Pango markup
                    if (c == '\n' || !Character.isISOControl(c)) {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    /** A name safe in a file name: lower-case letters, digits and dashes only. */
    public static String fileSafe(String s) {
        String t = s == null ? "" : s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return t.isEmpty() ? "finding" : t.substring(0, Math.min(t.length(), 48));
    }
}
