package org.siphint.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines of a log with a bound on their length: a 10 MB line of junk costs at most
 * {@link #maxLength} characters, and the next line is still read. Invalid UTF-8 becomes U+FFFD
 * instead of an error; LF, CRLF and a lone CR at the end of a line all end it.
 */
public final class BoundedLineReader implements Closeable {

    public static final int DEFAULT_MAX_LENGTH = 64 * 1024;

    private final InputStream in;
    private final int maxLength;
    /** Bytes kept of one line: enough for {@link #maxLength} characters of any UTF-8 text. */
    private final int maxBytes;
    private byte[] buf = new byte[64 * 1024];
    private int pos;
    private int len;
    private boolean eof;
    private long truncatedLines;

    public BoundedLineReader(InputStream in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 16, 4L * maxLength);
    }

    public BoundedLineReader(InputStream in) {
        this(in, DEFAULT_MAX_LENGTH);
    }

    /**
     * The next line without its line end, or null at the end of input.
     *
     * <p>Lines are found in the bytes and decoded one at a time straight from the buffer (the JDK
     * copies ASCII without decoding it); only a line longer than the buffer is gathered apart.
     * Decoding a line's bytes on their own gives the same text as decoding the stream, since a
     * line end never falls inside a UTF-8 sequence.
     */
    public String readLine() throws IOException {
        int start = pos;
        int scan = pos;
        while (true) {
            int nl = indexOfNewline(scan);
            if (nl >= 0) {
                pos = nl + 1;
                String line = decode(buf, start, nl - start, false);
                if (buf.length > 64 * 1024) {
                    shrink();
                }
                return line;
            }
            if (eof) {
                pos = len;
                return start < len ? decode(buf, start, len - start, false) : null;
            }
            // no line end in the buffer: move the partial line to the start and read more
            int have = len - start;
            if (have >= maxBytes) {
                return longLine(start);
            }
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, have);
            } else if (have == buf.length) {
                buf = java.util.Arrays.copyOf(buf, (int) Math.min(maxBytes + 1L, buf.length * 2L));
            }
            len = have;
            pos = 0;
            start = 0;
            scan = have;
            fill();
        }
    }

    private int indexOfNewline(int from) {
        byte[] b = buf;
        for (int i = from, n = len; i < n; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Reads until the buffer is full or the input ends (or at least some bytes came). */
    private void fill() throws IOException {
        while (len < buf.length) {
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                eof = true;
                return;
            }
            len += n;
            if (n > 0) {
                return;
            }
        }
    }

    /** A line past the byte bound: its head is kept, the rest skipped up to its line end. */
    private String longLine(int start) throws IOException {
        String line = decode(buf, start, maxBytes, true);
        pos = start + maxBytes;
        while (true) {
            int nl = indexOfNewline(pos);
            if (nl >= 0) {
                pos = nl + 1;
                break;
            }
            if (eof) {
                pos = len;
                break;
            }
            pos = 0;
            len = 0;
            fill();
        }
        shrink();
        return line;
    }

    /** One long line must not pin a large buffer. */
    private void shrink() {
        if (buf.length > 64 * 1024 && len - pos <= 64 * 1024) {
            byte[] small = new byte[64 * 1024];
            System.arraycopy(buf, pos, small, 0, len - pos);
            len -= pos;
            pos = 0;
            buf = small;
        }
    }

    private String decode(byte[] b, int from, int length, boolean cut) {
        // the CR of a CRLF line end goes before decoding: SIP's own lines end so, and a substring
        // after decoding copied each of them a second time
        if (length > 0 && b[from + length - 1] == '\r') {
            length--;
        }
        String line = new String(b, from, length, StandardCharsets.UTF_8);
        if (line.length() > maxLength) {
            line = line.substring(0, maxLength);
            cut = true;
        }
        if (cut) {
            truncatedLines++;
        }
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
            line = line.substring(0, n - 1);
        }
        return line;
    }

    /** How many lines were cut at the length bound. */
    public long truncatedLines() {
        return truncatedLines;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
