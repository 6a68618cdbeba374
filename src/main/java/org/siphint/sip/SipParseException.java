package org.siphint.sip;

/** The text is not a SIP message: the start line is neither a request line nor a status line. */
public final class SipParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public SipParseException(String message) {
        super(message);
    }
}
