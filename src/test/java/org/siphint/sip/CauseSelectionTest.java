package org.siphint.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The small judgements rules use to pick a cause: addresses, Reason headers, dialled numbers. */
class CauseSelectionTest {

    @Test
    void privateAndPublicAddresses() {
        for (String p : new String[] {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.20:5060", "100.64.0.1",
                "169.254.10.1", "fd00::1", "[fe80::1]:5060"}) {
            assertTrue(Addresses.isPrivate(p), p);
            assertFalse(Addresses.isPublic(p), p);
        }
        for (String p : new String[] {"192.0.2.10", "203.0.113.45:40312", "172.32.0.1", "8.8.8.8", "2001:db8::1"}) {
            assertTrue(Addresses.isPublic(p), p);
            assertFalse(Addresses.isPrivate(p), p);
        }
        // names and loopback are neither: nothing can be said without resolving them
        // nor what only looks like an address: too many digits or octets, empty octets, non-ASCII digits
        for (String p : new String[] {"pbx.example.com", "127.0.0.1", "::1", "", "1.2.3", "10.0.0.256", "10.0.0.0010",
                "10..0.1", "10.0.0.1.", ".10.0.0", "10.0.0.1.5", "\u0661\u0660.0.0.1", "10.0.0.-1"}) {
            assertFalse(Addresses.isPublic(p), p);
            assertFalse(Addresses.isPrivate(p), p);
        }
        assertFalse(Addresses.isPublic(null));
    }

    @Test
    void q850CausesAreReadAndWorded() {
        assertEquals(34, ReasonHeader.q850Cause("Q.850;cause=34;text=\"No circuit/channel available\""));
        assertEquals(20, ReasonHeader.q850Cause("SIP;cause=480, Q.850 ;cause=20"));
        assertEquals(-1, ReasonHeader.q850Cause("SIP;cause=200;text=\"Call completed elsewhere\""));
        assertEquals(-1, ReasonHeader.q850Cause("Q.850;cause=abc"));
        assertEquals("Q.850 cause 28 (invalid number format)", ReasonHeader.describeQ850("Q.850;cause=28"));
        assertEquals("Q.850 cause 99", ReasonHeader.describeQ850("Q.850;cause=99"));
        assertEquals(", Q.850 cause 19 (no answer from user)", ReasonHeader.q850Note("Q.850;cause=19"));
        assertNull(ReasonHeader.q850Note(null));
        assertTrue(ReasonHeader.isNetworkCapacity("Q.850;cause=34"));
        assertFalse(ReasonHeader.isNetworkCapacity("Q.850;cause=17"));
    }

    @Test
    void aForkAnsweredElsewhereIsRecognised() {
        assertTrue(ReasonHeader.completedElsewhere("SIP;cause=200;text=\"Call completed elsewhere\""));
        assertTrue(ReasonHeader.completedElsewhere("SIP ;cause=200"));
        assertFalse(ReasonHeader.completedElsewhere("SIP;cause=487;text=\"Request Terminated\""));
        assertFalse(ReasonHeader.completedElsewhere("Q.850;cause=200"));
        assertFalse(ReasonHeader.completedElsewhere(null));
    }

    @Test
    void dialledNumberFormats() {
        assertTrue(DialString.formatHint("+4930123456").contains("leading +"));
        assertTrue(DialString.formatHint("0049301234567").contains("00"));
        assertTrue(DialString.formatHint("030-123456").contains("punctuation"));
        assertTrue(DialString.formatHint("030%20123456").contains("spaces"));
        assertNull(DialString.formatHint("0301234567"));
        assertNull(DialString.formatHint("2001"));
        assertNull(DialString.formatHint("007"));
        assertTrue(DialString.isNumber("0301234567"));
        assertFalse(DialString.isNumber("bob"));
    }
}
