package org.siphint.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.event.Direction;
import org.siphint.event.Origin;
import org.siphint.event.Role;
import org.siphint.event.SipMessage;
import org.siphint.sip.SipParser;

/** Which phone a PBX's leg is keyed by, knowing what the PBX's registrations showed. */
class PartitionKeysTest {

    private static final long T0 = Instant.parse("2026-03-04T09:00:00Z").toEpochMilli();

    private static SipMessage invite(String from, String to, Direction direction) throws Exception {
        String text = "INVITE sip:" + to + "@192.0.2.30 SIP/2.0\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKPj1\n"
                + "From: <sip:" + from + "@pbx.example.com>;tag=a1\n"
                + "To: <sip:" + to + "@pbx.example.com>\n"
                + "Call-ID: leg-1\n"
                + "CSeq: 1 INVITE\n"
                + "Content-Length: 0\n\n";
        return new SipMessage(Instant.ofEpochMilli(T0), new Origin("pbx.log", 1, Role.PBX), direction, "UDP",
                "192.0.2.30:5060", SipParser.parse(List.of(text.split("\n", -1))), text);
    }

    @Test
    void aPhoneIsOutsideOnlyOnceEveryBindingHadToBeRefreshed() {
        LocalAccounts local = new LocalAccounts();
        assertFalse(local.isOutside("2001"), "nothing registered yet: nothing is known");
        local.registered("1001", T0, 60);
        assertTrue(local.isLocal("1001"));
        local.seen(T0 + 59_000);
        assertFalse(local.isOutside("2001"), "2001 may have registered just before the log began");
        local.seen(T0 + 61_000);
        assertTrue(local.isOutside("2001"), "every phone registered here had to refresh within 60 s");
        assertFalse(local.isOutside("1001"));
        local.registered("1002", T0 + 62_000, 3600);
        assertFalse(local.isOutside("2001"), "a binding of an hour: an hour must pass first");
        local.seen(T0 + 3_600_000 + 1_000);
        assertTrue(local.isOutside("2001"));
    }

    @Test
    void aLegThePbxSentOutsideForOneOfItsPhonesIsKeyedByThatPhone() throws Exception {
        LocalAccounts local = new LocalAccounts();
        local.registered("1001", T0, 60);
        local.seen(T0 + 120_000);
        SipMessage toBranch = invite("1001", "2001", Direction.SENT);
        assertEquals("1001", PartitionKeys.phoneSideUser(toBranch, true, local));
    }

    @Test
    void aLegToAPhoneNotYetSeenRegisteringStaysWithTheCallee() throws Exception {
        LocalAccounts local = new LocalAccounts();
        local.registered("1001", T0, 3600);
        local.seen(T0 + 120_000);
        // 1002 may be a phone of this PBX whose binding is older than the log: its own view of the
        // call is keyed by 1002, so the PBX's leg to it must be too
        assertEquals("1002", PartitionKeys.phoneSideUser(invite("1001", "1002", Direction.SENT), true, local));
        local.registered("1002", T0 + 130_000, 3600);
        assertEquals("1002", PartitionKeys.phoneSideUser(invite("1001", "1002", Direction.SENT), true, local));
    }

    @Test
    void aLegFromOutsideToAPhoneOfThePbxIsKeyedByThePhone() throws Exception {
        LocalAccounts local = new LocalAccounts();
        local.registered("1001", T0, 60);
        assertEquals("1001", PartitionKeys.phoneSideUser(invite("4930123456", "1001", Direction.RECEIVED), false, local));
        assertEquals("4930123456", PartitionKeys.phoneSideUser(invite("4930123456", "4930999", Direction.RECEIVED),
                false, local), "transit: neither party is a phone of this PBX");
        assertEquals("4930999", PartitionKeys.phoneSideUser(invite("4930123456", "4930999", Direction.SENT), true,
                PartitionKeys.Locality.UNKNOWN));
    }
}
