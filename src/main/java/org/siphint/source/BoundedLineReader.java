package org.siphint.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines of a log with a bound on their length: a 10 MB line of junk costs at most
 * {@link #maxLength} characters, and the next line is still read. Invalid UTF-8 becomes U+FFFD
 * instead of an error; LF, CRLF and a lone CR at the end of a line all end it.
 */
public final class BoundedLineReader implements Closeable {

    public static final int DEFAULT_MAX_LENGTH = 64 * 1024;

    private final Reader in;
    private final int maxLength;
    private final char[] buf = new char[64 * 1024];
    private int pos;
    private int len;
    private long truncatedLines;
    private boolean truncated;
    private final StringBuilder line = new StringBuilder(256);

    public BoundedLineReader(InputStream in, int maxLength) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.in = new InputStreamReader(in, decoder);
        this.maxLength = maxLength;
    }

    public BoundedLineReader(InputStream in) {
        this(in, DEFAULT_MAX_LENGTH);
    }

    /** The next line without its line end, or null at the end of input. */
    public String readLine() throws IOException {
        line.setLength(0);
        boolean any = false;
        while (true) {
            if (pos >= len) {
                len = in.read(buf, 0, buf.length);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    return any ? finish() : null;
                }
            }
            any = true;
            int start = pos;
            while (pos < len && buf[pos] != '\n') {
                pos++;
            }
            int room = maxLength - line.length();
            int take = Math.min(pos - start, Math.max(room, 0));
            if (take > 0) {
                line.append(buf, start, take);
            }
            if (pos - start > take) {
                truncated = true;
            }
            if (pos < len) {
                pos++; // the '\n'
                return finish();
            }
        }
    }

    private String finish() {
        if (truncated) {
            truncatedLines++;
            truncated = false;
        }
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
            line.setLength(n - 1);
        }
        return line.toString();
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
