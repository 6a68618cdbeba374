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
    void pjlibsHandshakeErrorInOpenSsl1And3Wording() {
        TransportFailures.Handshake one = TransportFailures.pjlibHandshake("SSL_ERROR_SSL (Handshake): Level: 0 err: <337047686> "
                + "<SSL routines-tls_process_server_certificate-certificate verify failed> len: 0 peer: 192.0.2.9:5061");
        assertEquals(new TransportFailures.Handshake("certificate verify failed", "192.0.2.9:5061"), one);
        TransportFailures.Handshake three = TransportFailures.pjlibHandshake("ssl0x55d SSL_ERROR_SSL (Handshake): Level: 0 "
                + "err: <167773208> <error:0A000418:SSL routines::tlsv1 alert unknown ca> len: 0 peer: [2001:db8::9]:5061");
        assertEquals(new TransportFailures.Handshake("tlsv1 alert unknown ca", "[2001:db8::9]:5061"), three);
        assertNull(TransportFailures.pjlibHandshake("SSL_ERROR_SYSCALL (Read): Level: 0 err: <0> <-> len: 0 peer: 192.0.2.9:5061"),
                "a read error after the handshake is no handshake failure");
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
