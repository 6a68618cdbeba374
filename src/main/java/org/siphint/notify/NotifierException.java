package org.siphint.notify;

/** A notification could not be shown; the message says why in one line. */
public final class NotifierException extends Exception {
    private static final long serialVersionUID = 1L;

    public NotifierException(String message) {
        super(message);
    }

    public NotifierException(String message, Throwable cause) {
        super(message, cause);
    }
}
