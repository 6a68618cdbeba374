package org.siphint.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses SIP messages from lines of text that a log already split (line ends removed).
 *
 * <p>Pure and lenient: folded headers, compact names, missing Content-Length and bodies cut short by
 * a log's record limit are accepted; only a start line that is neither a request nor a status line
 * is an error. The parser also says where the message ended, so framings without a trailer (raw
 * dumps, several messages in one TCP read) can go on with the next one.
 */
public final class SipParser {

    /** More headers than this are dropped: real messages have a few dozen, a flood must not cost memory. */
    public static final int MAX_HEADERS = 256;

    /** A parsed message and the index of the first line after it. */
    public record Result(ParsedMessage message, int end) {
    }

    private SipParser() {
    }

    /** Whether a line looks like the start line of a SIP request or response. Cheap: no regex. */
    public static boolean isStartLine(String line) {
        if (line.startsWith("SIP/2.0 ")) {
            return line.length() >= 11 && isDigits(line, 8, 11);
        }
        int space = line.indexOf(' ');
        if (space <= 0 || !line.endsWith(" SIP/2.0")) {
            return false;
        }
        for (int i = 0; i < space; i++) {
            char c = line.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && c != '-' && c != '_' && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return line.length() > space + 9;
    }

    /** Parses one whole message. */
    public static ParsedMessage parse(List<String> lines) throws SipParseException {
        return parse(lines, 0).message();
    }

    /** Parses one message starting at {@code from} (leading blank lines are skipped). */
    public static Result parse(List<String> lines, int from) throws SipParseException {
        int i = from;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        if (i >= lines.size()) {
            throw new SipParseException("no SIP message: only blank lines");
        }
        String startLine = lines.get(i).trim();
        if (!isStartLine(startLine)) {
            throw new SipParseException("not a SIP start line: " + abbreviate(startLine));
        }
        i++;

        List<ParsedMessage.Header> headers = new ArrayList<>(24);
        // a header's value is one substring of its line; only a folded header needs a builder
        String pendingValue = null;
        StringBuilder folded = null;
        String pendingName = null;
        for (; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.isBlank()) {
                i++;
                break;
            }
            char first = line.charAt(0);
            if ((first == ' ' || first == '\t') && pendingName != null) {
                if (folded == null) {
                    folded = new StringBuilder(pendingValue.length() + line.length()).append(pendingValue);
                }
                folded.append(' ').append(line.trim()); // folded header (RFC 3261 section 7.3.1)
                continue;
            }
            if (pendingName != null && keep(headers, pendingName)) {
                headers.add(new ParsedMessage.Header(pendingName, folded != null ? folded.toString() : pendingValue));
            }
            folded = null;
            int colon = line.indexOf(':');
            if (colon <= 0) {
                if (isStartLine(line.trim())) {
                    break; // a new message follows without a blank line: the body is missing
                }
                pendingName = null; // garbage inside the header block: skip it, keep the framing
                continue;
            }
            pendingName = HeaderNames.canonical(line, colon);
            pendingValue = trimmed(line, colon + 1, line.length());
        }
        if (pendingName != null && keep(headers, pendingName)) {
            headers.add(new ParsedMessage.Header(pendingName, folded != null ? folded.toString() : pendingValue));
        }

        int contentLength = contentLength(headers);
        // sized for the body the headers announce, so an SDP body is not copied as it grows
        StringBuilder body = new StringBuilder(contentLength > 0 ? Math.min(contentLength + 16, 64 * 1024) : 16);
        int bodyBytes = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (contentLength < 0 && isStartLine(line)) {
                break; // no Content-Length (stream framing needs one, but logs are lenient)
            }
            if (contentLength >= 0 && bodyBytes >= contentLength) {
                break;
            }
            if (contentLength < 0 && line.isEmpty() && nextIsBlankOrEnd(lines, i)) {
                break;
            }
            body.append(line).append('\n');
            bodyBytes += utf8Length(line) + 2;
            i++;
        }
        ParsedMessage message = buildMessage(startLine, headers, body.toString());
        return new Result(message, i);
    }

    /** {@code s.substring(from, to).trim()} with one substring. */
    static String trimmed(String s, int from, int to) {
        while (from < to && s.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && s.charAt(to - 1) <= ' ') {
            to--;
        }
        return s.substring(from, to);
    }

    /** The length of a string in UTF-8, without encoding it (an unpaired surrogate counts as the one byte '?' it encodes to). */
    public static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2; // four bytes for two chars
                    i++;
                } else if (Character.isSurrogate(c)) {
                    bytes += 0; // encoded as '?'
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /** Past the bound only the headers that identify the message are kept (a few more, bounded too). */
    private static boolean keep(List<ParsedMessage.Header> headers, String name) {
        return headers.size() < MAX_HEADERS
                || headers.size() < MAX_HEADERS + 32 && HeaderNames.isEssential(name);
    }

    private static ParsedMessage buildMessage(String startLine, List<ParsedMessage.Header> headers, String body) {
        if (startLine.startsWith("SIP/2.0 ")) {
            int status = Integer.parseInt(startLine.substring(8, 11));
            String reason = startLine.length() > 12 ? startLine.substring(12).trim() : "";
            return new ParsedMessage(false, null, null, status, reason, headers, body);
        }
        int space = startLine.indexOf(' ');
        String method = startLine.substring(0, space).toUpperCase(Locale.ROOT);
        String uri = startLine.substring(space + 1, startLine.length() - " SIP/2.0".length()).trim();
        return new ParsedMessage(true, method, uri, 0, null, headers, body);
    }

    private static int contentLength(List<ParsedMessage.Header> headers) {
        for (ParsedMessage.Header h : headers) {
            if (h.name().equalsIgnoreCase("Content-Length")) {
                try {
                    int n = Integer.parseInt(h.value().trim());
                    return n < 0 ? -1 : n;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static boolean nextIsBlankOrEnd(List<String> lines, int i) {
        return i + 1 >= lines.size() || lines.get(i + 1).isEmpty();
    }

    private static boolean isDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
