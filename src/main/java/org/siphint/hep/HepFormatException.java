package org.siphint.hep;

/** A HEP packet that breaks the wire format: counted and dropped, never more. */
public final class HepFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public HepFormatException(String message) {
        super(message, null, false, false); // thrown per bad packet under a flood: no stack trace
    }
}
