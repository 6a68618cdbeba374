package org.siphint.capture;

/**
 * Recognises SIP in bytes by content (whatever the port) and frames messages in a byte stream by
 * their header end and {@code Content-Length} (RFC 3261 section 18.3), as TCP and several messages
 * in one datagram need.
 */
final class SipFraming {

    /** A header block longer than this is no SIP message (real ones have a few kilobytes). */
    static final int MAX_HEADERS = 64 * 1024;
    /** A body longer than this is no SIP message's. */
    static final int MAX_BODY = 192 * 1024;
    private static final int MAX_METHOD = 32;
    private static final int MAX_START_LINE = 2048;

    /** {@link #frame} answers this while the message is not whole yet. */
    static final int INCOMPLETE = -1;
    /** {@link #frame} answers this when the bytes are no SIP message. */
    static final int NOT_SIP = -2;

    private SipFraming() {
    }

    /**
     * Frames the SIP messages of one datagram (UDP, a HEP payload): keep-alives skipped, several
     * messages taken one after the other, a body without Content-Length running to the end. Bytes
     * that are no SIP are passed over.
     */
    static void datagram(byte[] b, int from, int to, TcpStreams.Messages out) {
        int at = from + skipLineEnds(b, from, to);
        if (at >= to || startLine(b, at, to) != 1) {
            return;
        }
        for (int guard = 0; guard < 64 && at < to; guard++) {
            int n = frame(b, at, to, true);
            if (n <= 0) {
                return;
            }
            out.message(b, at, n);
            at += n;
            at += skipLineEnds(b, at, to);
        }
    }

    /** How many CR and LF bytes (keep-alives, padding) come first. */
    static int skipLineEnds(byte[] b, int off, int end) {
        int i = off;
        while (i < end && (b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i - off;
    }

    /**
     * Whether the bytes start with a SIP start line: {@code SIP/2.0 NNN} or a method token, a space,
     * and a line that ends in {@code SIP/2.0}. {@link #INCOMPLETE} when the line has not ended yet.
     *
     * @return 1 yes, 0 no, {@link #INCOMPLETE} not known yet
     */
    static int startLine(byte[] b, int off, int end) {
        if (end - off >= 8 && b[off] == 'S' && b[off + 1] == 'I' && b[off + 2] == 'P' && b[off + 3] == '/'
                && b[off + 4] == '2' && b[off + 5] == '.' && b[off + 6] == '0' && b[off + 7] == ' ') {
            if (end - off < 12) {
                return INCOMPLETE;
            }
            return isDigit(b[off + 8]) && isDigit(b[off + 9]) && isDigit(b[off + 10]) ? 1 : 0;
        }
        int i = off;
        while (i < end && i - off <= MAX_METHOD) {
            byte c = b[i];
            if (c == ' ') {
                break;
            }
            if (!(c >= 'A' && c <= 'Z') && c != '-' && c != '_' && !(c >= '0' && c <= '9')) {
                return 0;
            }
            i++;
        }
        if (i >= end) {
            return i - off > MAX_METHOD ? 0 : INCOMPLETE;
        }
        if (i == off || b[i] != ' ') {
            return 0;
        }
        int lineEnd = indexOf(b, i, Math.min(end, off + MAX_START_LINE), (byte) '\n');
        if (lineEnd < 0) {
            return end - off >= MAX_START_LINE ? 0 : INCOMPLETE;
        }
        int e = lineEnd;
        if (e > off && b[e - 1] == '\r') {
            e--;
        }
        return e - i >= 9 && b[e - 8] == ' ' && b[e - 7] == 'S' && b[e - 6] == 'I' && b[e - 5] == 'P'
                && b[e - 4] == '/' && b[e - 3] == '2' && b[e - 2] == '.' && b[e - 1] == '0' ? 1 : 0;
    }

    /**
     * The length of the SIP message at {@code b[off]} (start line, headers, blank line and the
     * {@code Content-Length} bytes of body), {@link #INCOMPLETE} when more bytes are needed, or
     * {@link #NOT_SIP}. Without a Content-Length, the body is what follows up to {@code end} when
     * {@code datagram}, else empty (a stream must say it).
     */
    static int frame(byte[] b, int off, int end, boolean datagram) {
        int start = startLine(b, off, end);
        if (start == 0) {
            return NOT_SIP;
        }
        if (start == INCOMPLETE) {
            return datagram ? NOT_SIP : INCOMPLETE;
        }
        int limit = Math.min(end, off + MAX_HEADERS);
        int headerEnd = -1;
        int contentLength = -1;
        int line = off;
        while (line < limit) {
            int nl = indexOf(b, line, limit, (byte) '\n');
            if (nl < 0) {
                break;
            }
            int lineLength = nl - line - (nl > line && b[nl - 1] == '\r' ? 1 : 0);
            if (lineLength == 0 && line > off) {
                headerEnd = nl + 1;
                break;
            }
            if (contentLength < 0) {
                contentLength = contentLength(b, line, line + lineLength);
            }
            line = nl + 1;
        }
        if (headerEnd < 0) {
            if (datagram) {
                return end - off; // a datagram of headers only, cut short
            }
            return end - off >= MAX_HEADERS ? NOT_SIP : INCOMPLETE;
        }
        if (contentLength < 0) {
            return datagram ? end - off : headerEnd - off;
        }
        if (contentLength > MAX_BODY) {
            return NOT_SIP;
        }
        int total = headerEnd - off + contentLength;
        if (off + total > end) {
            return datagram ? end - off : INCOMPLETE; // a datagram's body cut short: keep what is there
        }
        return total;
    }

    /** The Content-Length a header line gives (long or compact form {@code l}), or -1. */
    private static int contentLength(byte[] b, int from, int to) {
        int colon = indexOf(b, from, Math.min(to, from + 20), (byte) ':');
        if (colon < 0) {
            return -1;
        }
        int nameEnd = colon;
        while (nameEnd > from && (b[nameEnd - 1] == ' ' || b[nameEnd - 1] == '\t')) {
            nameEnd--;
        }
        int n = nameEnd - from;
        boolean match = n == 1 ? (b[from] | 0x20) == 'l' : n == 14 && equalsIgnoreCase(b, from, "content-length");
        if (!match) {
            return -1;
        }
        long v = 0;
        boolean digits = false;
        for (int i = colon + 1; i < to; i++) {
            byte c = b[i];
            if (isDigit(c)) {
                v = v * 10 + (c - '0');
                digits = true;
                if (v > Integer.MAX_VALUE / 2) {
                    return Integer.MAX_VALUE / 2;
                }
            } else if (c != ' ' && c != '\t' || digits) {
                break;
            }
        }
        return digits ? (int) v : -1;
    }

    private static boolean equalsIgnoreCase(byte[] b, int from, String lower) {
        for (int k = 0; k < lower.length(); k++) {
            if ((b[from + k] | 0x20) != lower.charAt(k) && b[from + k] != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
