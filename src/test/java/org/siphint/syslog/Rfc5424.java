package org.siphint.syslog;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of one RFC 5424 message (section 6's ABNF), written for the tests from the RFC
 * alone: it rejects what the grammar rejects, and unescapes PARAM-VALUEs, so a test can compare
 * what was sent with what a receiver reads back.
 */
record Rfc5424(int pri, String timestamp, String hostname, String appName, String procId, String msgId,
               String sdId, Map<String, String> params, boolean bom, String msg) {

    private static final String PRINTUSASCII = "[\\x21-\\x7e]";
    private static final Pattern HEADER = Pattern.compile("<(\\d{1,3})>1 (-|" + PRINTUSASCII + "+) (" + PRINTUSASCII
            + "{1,255}) (" + PRINTUSASCII + "{1,48}) (" + PRINTUSASCII + "{1,128}) (" + PRINTUSASCII + "{1,32}) ");
    /** RFC 3339 as RFC 5424 section 6.2.3 restricts it: at most 6 fraction digits, an offset or Z. */
    static final Pattern TIMESTAMP = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?(Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern SD_NAME = Pattern.compile("[\\x21-\\x7e&&[^= \\]\"]]{1,32}");

    static Rfc5424 parse(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8: " + e);
        }
        return parse(text);
    }

    static Rfc5424 parse(String text) {
        Matcher h = HEADER.matcher(text);
        if (!h.lookingAt()) {
            throw new IllegalArgumentException("no RFC 5424 header: " + text);
        }
        int pri = Integer.parseInt(h.group(1));
        if (pri > 191 || h.group(1).length() > 1 && h.group(1).startsWith("0")) {
            throw new IllegalArgumentException("PRI " + h.group(1));
        }
        String ts = h.group(2);
        if (!ts.equals("-") && !TIMESTAMP.matcher(ts).matches()) {
            throw new IllegalArgumentException("TIMESTAMP " + ts);
        }
        int i = h.end();
        String sdId = null;
        Map<String, String> params = new LinkedHashMap<>();
        if (text.startsWith("-", i)) {
            i++;
        } else {
            if (!text.startsWith("[", i)) {
                throw new IllegalArgumentException("no STRUCTURED-DATA at " + i + ": " + text);
            }
            int idEnd = indexOfAny(text, i + 1, " ]");
            sdId = text.substring(i + 1, idEnd);
            if (!SD_NAME.matcher(sdId.replace("@", "")).matches() && !SD_NAME.matcher(sdId).matches()) {
                throw new IllegalArgumentException("SD-ID " + sdId);
            }
            i = idEnd;
            while (text.charAt(i) == ' ') {
                int eq = text.indexOf('=', i + 1);
                String name = text.substring(i + 1, eq);
                if (!SD_NAME.matcher(name).matches() || text.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("PARAM-NAME " + name);
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; text.charAt(j) != '"'; j++) {
                    char c = text.charAt(j);
                    if (c == '\\' && "\"\\]".indexOf(text.charAt(j + 1)) >= 0) {
                        value.append(text.charAt(++j));
                    } else if (c == ']') {
                        throw new IllegalArgumentException("an unescaped ] in " + name + ": " + text);
                    } else {
                        value.append(c);
                    }
                }
                params.put(name, value.toString());
                i = j + 1;
            }
            if (text.charAt(i) != ']') {
                throw new IllegalArgumentException("SD-ELEMENT not closed at " + i + ": " + text);
            }
            i++;
        }
        String msg = null;
        boolean bom = false;
        if (i < text.length()) {
            if (text.charAt(i) != ' ') {
                throw new IllegalArgumentException("no SP before MSG: " + text);
            }
            msg = text.substring(i + 1);
            bom = msg.startsWith("\ufeff");
            if (bom) {
                msg = msg.substring(1);
            }
        }
        return new Rfc5424(pri, ts, h.group(3), h.group(4), h.group(5), h.group(6), sdId, params, bom, msg);
    }

    private static int indexOfAny(String s, int from, String chars) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated: " + s);
    }

    int facility() {
        return pri / 8;
    }

    int severity() {
        return pri % 8;
    }
}
