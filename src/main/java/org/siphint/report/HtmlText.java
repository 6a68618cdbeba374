package org.siphint.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Puts log text into a page as text, never as markup: log lines are hostile (a display name can be
 * {@code <script>...}). Everything a log said goes through {@link #escape} (HTML and SVG text and
 * attribute values) or {@link #json} (a {@code <script type="application/json">} data block).
 */
final class HtmlText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HtmlText() {
    }

    /**
     * Escapes {@code & < > " '} so the text is a text node or a quoted attribute value in HTML and
     * in inline SVG, and replaces control characters (which XML forbids) with U+FFFD.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c == 0xfffe || c == 0xffff) {
                        s.append('\uFFFD');
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.toString();
    }

    /**
     * A value as JSON that is safe inside a {@code <script>} data block: no {@code <} (so no
     * {@code </script>} or {@code <!--}), no {@code >} or {@code &}, and U+2028/U+2029 escaped, all
     * as JSON {@code \\u} escapes, which mean the same characters to {@code JSON.parse}.
     */
    static String json(Object value) {
        String raw;
        try {
            raw = JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + e.getOriginalMessage(), e);
        }
        StringBuilder s = new StringBuilder(raw.length() + 32);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '<' -> s.append("\\u003c");
                case '>' -> s.append("\\u003e");
                case '&' -> s.append("\\u0026");
                case '\u2028' -> s.append("\\u2028");
                case '\u2029' -> s.append("\\u2029");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
