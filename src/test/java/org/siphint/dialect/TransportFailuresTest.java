package org.siphint.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stacks' own words for a failed connection, sorted into the catalog's causes. */
class TransportFailuresTest {

    @Test
    void sortsTheStacksWordsIntoCauses() {
        assertEquals(TransportFailures.TCP_REFUSED, TransportFailures.causeOf("Connection refused"));
        assertEquals(TransportFailures.TCP_REFUSED, TransportFailures.causeOf("Connection reset by peer"));
        assertEquals(TransportFailures.TLS_HANDSHAKE, TransportFailures.causeOf(
                "X509 - Certificate verification failed, e.g. CRL, CA or signature check failed"));
        assertEquals(TransportFailures.TLS_HANDSHAKE, TransportFailures.causeOf("certificate verify failed"));
        assertEquals(TransportFailures.TLS_HANDSHAKE, TransportFailures.causeOf("tlsv1 alert unknown ca"));
        assertEquals(TransportFailures.UNREACHABLE, TransportFailures.causeOf("Network is unreachable"));
        assertEquals(TransportFailures.UNREACHABLE, TransportFailures.causeOf("No route to host"));
    }

    @Test
    void aTimeoutIsLeftToSipsTimers() {
        assertNull(TransportFailures.causeOf("Connection timed out"));
        assertNull(TransportFailures.causeOf(null));
    }

    @Test
    void onlyANameCanFailToResolve() {
        assertTrue(TransportFailures.isAddress("192.0.2.10"));
        assertTrue(TransportFailures.isAddress("[2001:db8::1]"));
        assertFalse(TransportFailures.isAddress("pbx.example.invalid"));
        assertFalse(TransportFailures.isAddress(null));
    }
}
