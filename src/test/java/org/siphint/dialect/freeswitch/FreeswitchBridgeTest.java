package org.siphint.dialect.freeswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.siphint.dialect.DialectHarness.read;
import static org.siphint.dialect.DialectHarness.sip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.event.SipMessage;

/** FreeSWITCH's two legs of a call to a gateway, linked by the dialplan's bridge line. */
class FreeswitchBridgeTest {

    private static final String PHONE_CALL = "c6e1a0d2-8f3b-47a9-b5c4-2d9e8f7a6b15";
    private static final String GATEWAY_LEG = "8d3f1a6c-2b7e-4c90-9e15-a4c7d2b8f063";

    @Test
    void aBridgeThroughAGatewayOrToAnAddressNamesItsUsersAndARegisteredUserNone() {
        assertEquals(List.of("441632960000"), FreeswitchBridge.outsideUsers(
                "EXECUTE [depth=0] sofia/internal/1001@203.0.113.20 bridge({origination_caller_id_number=+4930555000,"
                        + "ignore_early_media=true}sofia/gateway/provider/441632960000)"));
        assertEquals(List.of("441632960000", "441632960000"), FreeswitchBridge.outsideUsers(
                "EXECUTE [depth=1] sofia/internal/1001@pbx bridge([leg_timeout=20]sofia/gateway/a/441632960000|"
                        + "sofia/external/sip:441632960000@sip.backup.example:5060)"));
        assertEquals(List.of(), FreeswitchBridge.outsideUsers(
                "EXECUTE [depth=0] sofia/internal/1001@pbx bridge(user/1002@pbx.example.com)"), "a phone of the PBX");
        assertEquals(List.of(), FreeswitchBridge.outsideUsers(
                "EXECUTE [depth=0] sofia/internal/1001@pbx bridge(sofia/internal/1002%pbx.example.com)"), "a registered user");
        assertEquals(List.of(), FreeswitchBridge.outsideUsers("EXECUTE [depth=0] sofia/internal/1001@pbx answer()"));
        assertEquals("1001", FreeswitchBridge.channelUser("EXECUTE [depth=0] sofia/internal/1001@203.0.113.20 bridge(x)"));
    }

    @Test
    void theInviteSentToTheGatewayAfterBridgeIsALegOfThePhonesCall() throws Exception {
        String log = Files.readString(Path.of("sample-logs/freeswitch/trunk-call-not-found-for-phone.log"));
        List<SipMessage> invites = sip(read(new FreeswitchDialect(), log)).stream()
                .filter(m -> m.isRequest() && m.getMethod().equals("INVITE")).toList();
        assertEquals(3, invites.size(), "the challenged INVITE, its retry, the gateway leg");
        assertNull(invites.get(1).getLegOf());
        assertEquals(GATEWAY_LEG, invites.get(2).getCallId());
        assertEquals(PHONE_CALL, invites.get(2).getLegOf());
        String toPhone = log.replace("sofia/gateway/provider/441632960000", "user/1002@pbx.example.com");
        assertEquals(List.of(), sip(read(new FreeswitchDialect(), toPhone)).stream()
                .filter(m -> m.getLegOf() != null).toList());
    }
}
