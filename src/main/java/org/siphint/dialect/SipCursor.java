package org.siphint.dialect;

import org.siphint.sip.SipParser;

/**
 * Follows the lines of SIP messages one at a time and says where the current message stands, so a
 * dialect can tell a complete message from a fragment without parsing it again and again: formats
 * whose messages end without a trailer (raw dumps, FreeSWITCH and Bria stream reads) need to know
 * when the body the Content-Length announced has arrived.
 *
 * <p>Body bytes are counted as the wire carried them, each line plus CRLF (logs strip the line
 * ends). A message without Content-Length ends at the blank line after its headers, or, when it
 * declares a Content-Type, at the next blank line or start line.
 */
public final class SipCursor {

    /** Where the lines seen so far stand. */
    public enum State {
        /** Not inside a message: nothing seen yet, or text that is not SIP. */
        OUTSIDE,
        /** After a start line, before the blank line that ends the headers. */
        HEADERS,
        /** Inside the body; the Content-Length has not been reached yet. */
        BODY,
        /** The last line completed a message. */
        COMPLETE
    }

    private State state = State.OUTSIDE;
    private int contentLength = -1;
    private boolean contentType;
    private int bodyBytes;

    /** Takes the next line and answers the new state. */
    public State feed(String line) {
        switch (state) {
            case OUTSIDE, COMPLETE -> {
                if (SipParser.isStartLine(line.trim())) {
                    state = State.HEADERS;
                    contentLength = -1;
                    contentType = false;
                } else if (state == State.COMPLETE && !line.isBlank()) {
                    state = State.OUTSIDE;
                }
            }
            case HEADERS -> {
                if (line.isBlank()) {
                    bodyBytes = 0;
                    state = contentLength > 0 || contentLength < 0 && contentType ? State.BODY : State.COMPLETE;
                } else {
                    header(line);
                }
            }
            case BODY -> {
                if (contentLength >= 0) {
                    bodyBytes += line.length() + 2;
                    if (bodyBytes >= contentLength) {
                        state = State.COMPLETE;
                    }
                } else if (line.isBlank()) {
                    state = State.COMPLETE;
                } else if (SipParser.isStartLine(line.trim())) {
                    state = State.HEADERS;
                    contentType = false;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
        return state;
    }

    public State state() {
        return state;
    }

    /** Whether a message has started and not yet ended. */
    public boolean insideMessage() {
        return state == State.HEADERS || state == State.BODY;
    }

    private void header(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return;
        }
        String name = line.substring(0, colon).trim();
        if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("l")) {
            contentLength = LogText.parseInt(line.substring(colon + 1), -1);
        } else if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("c")) {
            contentType = true;
        }
    }
}
