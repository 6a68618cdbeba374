package org.siphint.capture;

import java.io.IOException;

/**
 * A capture file that cannot be read on: a header that is no capture's, a length that lies, a file
 * cut short. The packets read before it stay read; the message says where reading stopped.
 */
public final class CaptureFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public CaptureFormatException(String message) {
        super(message);
    }
}
