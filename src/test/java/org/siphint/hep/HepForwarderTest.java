package org.siphint.hep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.siphint.event.Role;

/** What the forwarder takes from a log's text as an address: IP literals only, never a name to look up. */
class HepForwarderTest {

    @Test
    void literalAddressesAreTakenAndNamesAreNot() {
        assertEquals("192.0.2.10:5060", show(HepForwarder.literal("192.0.2.10:5060", 0)));
        assertEquals("192.0.2.10:5060", show(HepForwarder.literal("192.0.2.10", 5060)));
        assertEquals("2001:db8::1:5061", show(HepForwarder.literal("[2001:db8::1]:5061", 0)));
        assertEquals("2001:db8::1:0", show(HepForwarder.literal("2001:db8::1", 0)));
        assertNull(HepForwarder.literal("pbx.example.com:5060", 0), "a name is never resolved");
        assertNull(HepForwarder.literal("192.0.2.10:99999", 0));
        assertNull(HepForwarder.literal("192.0.2.10:50x", 0));
        assertNull(HepForwarder.literal("[2001:db8::1", 0));
        assertNull(HepForwarder.literal("$(reboot):5060", 0));
        assertNull(HepForwarder.literal("", 0));
        assertNull(HepForwarder.literal(null, 0));
    }

    @Test
    void theAgentNameCarriesTheLogsRoleBothWays() {
        assertEquals(Role.SOFTPHONE, HepForwarder.roleOfNode(HepForwarder.nodeName(Role.SOFTPHONE)));
        assertEquals(Role.PBX, HepForwarder.roleOfNode(HepForwarder.nodeName(Role.PBX)));
        assertNull(HepForwarder.roleOfNode("node1"), "another agent's name says nothing of a role");
        assertNull(HepForwarder.roleOfNode("siphint;role=admin"));
        assertNull(HepForwarder.roleOfNode(null));
    }

    private static String show(Object address) {
        if (address == null) {
            return null;
        }
        String s = address.toString(); // Address[host=..., port=...]
        String host = s.substring(s.indexOf("host=") + 5, s.indexOf(", port="));
        String port = s.substring(s.indexOf("port=") + 5, s.length() - 1);
        return host + ":" + port;
    }
}
