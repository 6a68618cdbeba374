package org.siphint.dialect.asterisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.siphint.dialect.DialectHarness.read;
import static org.siphint.dialect.DialectHarness.sip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.event.SipMessage;

/** Asterisk's two legs of a call to a trunk, linked by the dialplan's Dial() line. */
class AsteriskDialTest {

    private static final AsteriskDialect ASTERISK = new AsteriskDialect();
    private static final String PHONE_CALL = "e7c41a09b3d25f68@192.168.0.14";
    private static final String TRUNK_LEG = "5a7e9c1b-3d2f-4e60-8a1c-b3d5f7e9a0c2";

    @Test
    void aDialTargetThroughATrunkNamesItsUserAndAnEndpointAloneNamesNone() {
        assertEquals("4930123456", AsteriskDial.outsideUser("PJSIP/4930123456@trunk"));
        assertEquals("4930123456", AsteriskDial.outsideUser("PJSIP/trunk/sip:4930123456@sip.provider.example"));
        assertEquals("4930123456", AsteriskDial.outsideUser("SIP/4930123456@provider"));
        assertEquals("4930123456", AsteriskDial.outsideUser("SIP/provider/4930123456"));
        assertNull(AsteriskDial.outsideUser("PJSIP/1002"), "one of the PBX's own phones: the callee's call");
        assertNull(AsteriskDial.outsideUser("IAX2/branch/2001"), "not SIP");
        assertNull(AsteriskDial.outsideUser("Local/2001@from-internal"));
    }

    @Test
    void aHostileDialLineCannotStallTheReader() {
        // a pattern that backtracked quadratically on 64 KB lines would take minutes: a guard against a hang
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
            AsteriskDial.Dialled dashes = AsteriskDial.parse(
                    "Executing [x@y:1] Dial(\"PJSIP/" + "-a".repeat(30_000) + "\", \"PJSIP/1@t\")");
            assertEquals(List.of("1"), dashes == null ? null : dashes.outsideUsers());
            AsteriskDial.Dialled brackets = AsteriskDial.parse(
                    "Executing [" + "[".repeat(60_000) + "] Dial(\"PJSIP/a-1\", \"PJSIP/1@t\")");
            assertEquals("a", brackets == null ? null : brackets.endpoint());
            assertNull(AsteriskDial.parse("Executing [x@y:1] Dial(\"PJSIP/" + "a".repeat(60_000) + "\", \"PJSIP/1@t\")"));
        });
        AsteriskDial.Dialled dashed = AsteriskDial.parse("Executing [x@y:1] Dial(\"PJSIP/a-b-00000001\", \"PJSIP/1@t\")");
        assertEquals("a-b", dashed == null ? null : dashed.endpoint(), "an endpoint name with dashes");
    }

    @Test
    void theInviteSentToTheTrunkAfterDialIsALegOfThePhonesCall() throws Exception {
        String log = Files.readString(Path.of("sample-logs/asterisk/trunk-call-not-found-for-phone.log"));
        List<SipMessage> invites = sip(read(ASTERISK, log)).stream()
                .filter(m -> m.isRequest() && m.getMethod().equals("INVITE")).toList();
        assertEquals(3, invites.size(), "the challenged INVITE, its retry, the trunk leg");
        assertNull(invites.get(0).getLegOf());
        assertNull(invites.get(1).getLegOf());
        assertEquals(TRUNK_LEG, invites.get(2).getCallId());
        assertEquals(PHONE_CALL, invites.get(2).getLegOf());
    }

    @Test
    void withoutTheDialLineOrToAPhoneOfThePbxNothingIsLinked() throws Exception {
        String log = Files.readString(Path.of("sample-logs/asterisk/trunk-call-not-found-for-phone.log"));
        String withoutDial = log.replaceAll("(?m)^.*Dial\\(.*\\R", "");
        assertEquals(List.of(), linked(withoutDial));
        String toPhone = log.replace("\"PJSIP/4930123456@trunk,60\"", "\"PJSIP/4930123456,60\"");
        assertEquals(List.of(), linked(toPhone));
        String otherNumber = log.replace("\"PJSIP/4930123456@trunk,60\"", "\"PJSIP/4930999999@trunk,60\"");
        assertEquals(List.of(), linked(otherNumber), "the next INVITE went elsewhere");
    }

    private static List<String> linked(String log) {
        return sip(read(ASTERISK, log)).stream().filter(m -> m.getLegOf() != null).map(SipMessage::getCallId).toList();
    }
}
