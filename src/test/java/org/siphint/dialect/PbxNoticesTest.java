package org.siphint.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.siphint.dialect.DialectHarness.notices;
import static org.siphint.dialect.DialectHarness.read;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.dialect.asterisk.AsteriskDialect;
import org.siphint.dialect.freeswitch.FreeswitchDialect;
import org.siphint.event.LogNotice;

/**
 * The lines a PBX writes at its default log level (no SIP trace) as structured notices: kind,
 * account, source address, Call-ID, context and extension, and the setting that turns the trace on.
 */
class PbxNoticesTest {

    private static final Dialect ASTERISK = new AsteriskDialect();
    private static final Dialect FREESWITCH = new FreeswitchDialect();

    private static LogNotice one(Dialect dialect, String line) {
        List<LogNotice> n = notices(read(dialect, line + "\n"));
        assertEquals(1, n.size(), () -> "one notice from " + line + ": " + n);
        return n.get(0);
    }

    @Test
    void securityEventsNameKindAccountAddressAndCallIdAndHideTheDigest() {
        LogNotice n = one(ASTERISK, "[2026-03-04 10:12:01] SECURITY[1240] res_security_log.c: SecurityEvent="
                + "\"ChallengeResponseFailed\",EventTV=\"2026-03-04T10:12:01.296+0000\",Severity=\"Error\",Service=\"PJSIP\","
                + "EventVersion=\"1\",AccountID=\"301\",SessionID=\"abc123@198.51.100.31\",LocalAddress=\"IPV4/UDP/192.0.2.10/5060\","
                + "RemoteAddress=\"IPV4/UDP/198.51.100.31/5062\",Challenge=\"1772619121/6d16ccf29ff59d423c6d548af00bf9b4\","
                + "Response=\"849dfcf133d8156f77ef11a9194119df\",ExpectedResponse=\"\"");
        assertEquals(LogNotice.AUTH_FAILED, n.getKind());
        assertEquals("301", n.getAccount());
        assertEquals("301", n.getTarget());
        assertEquals("198.51.100.31:5062", n.getPeer());
        assertEquals("198.51.100.31", n.getPeerHost());
        assertEquals("abc123@198.51.100.31", n.getCallId());
        assertEquals(TraceSettings.ASTERISK_PJSIP, n.get(TraceSettings.DETAIL));
        assertFalse(n.getText().contains("849dfcf133d8156f77ef11a9194119df"), n.getText());
        assertFalse(n.getText().contains("6d16ccf29ff59d423c6d548af00bf9b4"), n.getText());
    }

    @Test
    void securityEventKindsAndTheRemoteAddressAHostileSessionIdCannotFake() {
        String prefix = "[2026-03-04 10:12:01] SECURITY[1240] res_security_log.c: ";
        LogNotice unknown = one(ASTERISK, prefix + "SecurityEvent=\"InvalidAccountID\",EventTV=\"1\",Severity=\"Error\","
                + "Service=\"SIP\",EventVersion=\"1\",AccountID=\"00972599580679\",SessionID=\"\",LocalAddress=\"IPV4/UDP/5.6.7.8/1111\""
                + "\",LocalAddress=\"IPV4/UDP/192.0.2.10/5060\",RemoteAddress=\"IPV4/UDP/203.0.113.66/5070\"");
        assertEquals(LogNotice.NO_MATCHING_ENDPOINT, unknown.getKind());
        assertEquals("203.0.113.66", unknown.getPeerHost());
        assertNull(unknown.getCallId(), "chan_sip's SessionID is a pointer, not a Call-ID");
        assertEquals(TraceSettings.ASTERISK_CHAN_SIP, unknown.get(TraceSettings.DETAIL));
        LogNotice acl = one(ASTERISK, prefix + "SecurityEvent=\"FailedACL\",EventTV=\"1\",Severity=\"Error\",Service=\"PJSIP\","
                + "EventVersion=\"1\",AccountID=\"\",SessionID=\"x\",LocalAddress=\"IPV4/UDP/192.0.2.10/5060\","
                + "RemoteAddress=\"IPV6/UDP/2001:db8::7/5060\",ACLName=\"office-only\"");
        assertEquals(LogNotice.ACL_REFUSED, acl.getKind());
        assertNull(acl.getAccount());
        assertEquals("2001:db8::7", acl.getPeerHost());
        assertEquals("office-only", acl.get("acl"));
        LogNotice ok = one(ASTERISK, prefix + "SecurityEvent=\"SuccessfulAuth\",EventTV=\"1\",Severity=\"Informational\","
                + "Service=\"PJSIP\",EventVersion=\"1\",AccountID=\"301\",SessionID=\"y\",LocalAddress=\"IPV4/UDP/192.0.2.10/5060\","
                + "RemoteAddress=\"IPV4/UDP/198.51.100.31/5060\",UsingPassword=\"1\"");
        assertEquals(LogNotice.AUTH_OK, ok.getKind());
        // the manager interface's events are not SIP
        assertTrue(notices(read(ASTERISK, prefix + "SecurityEvent=\"FailedACL\",EventTV=\"1\",Severity=\"Error\",Service=\"AMI\","
                + "EventVersion=\"1\",AccountID=\"admin\",SessionID=\"0x1\",LocalAddress=\"IPV4/TCP/0.0.0.0/5038\","
                + "RemoteAddress=\"IPV4/TCP/192.0.2.4/62389\"\n")).isEmpty());
    }

    @Test
    void chanSipAndPjsipRefusalsAndAcceptances() {
        LogNotice acl = one(ASTERISK, "[2026-03-04 10:30:55] NOTICE[2225] chan_sip.c: Registration from "
                + "'\"305\" <sip:305@pbx.example.com>' failed for '203.0.113.80:5062' - Device does not match ACL");
        assertEquals(LogNotice.ACL_REFUSED, acl.getKind());
        assertEquals("305", acl.getTarget());
        assertEquals(TraceSettings.ASTERISK_CHAN_SIP, acl.get(TraceSettings.DETAIL));
        LogNotice pjAcl = one(ASTERISK, "[2016-05-23 10:18:16] NOTICE[19388] res_pjsip/pjsip_distributor.c: Request from "
                + "'\"1000\" <sip:1000@10.0.0.1>' failed for '1.2.3.4:48336' (callid: 276666022) - Not match Endpoint ACL");
        assertEquals(LogNotice.ACL_REFUSED, pjAcl.getKind());
        assertEquals("276666022", pjAcl.getCallId());
        assertEquals("1.2.3.4", pjAcl.getPeerHost());
        LogNotice probe = one(ASTERISK, "[2013-02-05 23:44:42] NOTICE[436][C-00000fa9] chan_sip.c: Call from '' "
                + "(1.2.3.4:10836) to extension '0972598285108' rejected because extension not found in context 'default'.");
        assertEquals(LogNotice.EXTENSION_NOT_FOUND, probe.getKind());
        assertEquals("0972598285108", probe.getTarget());
        assertEquals("default", probe.get("context"));
        assertEquals("1.2.3.4", probe.getPeerHost());
        assertNull(probe.get("caller"));
        LogNotice own = one(ASTERISK, "[2026-03-04 11:20:07] NOTICE[1277][C-00000002] res_pjsip_session.c: PJSIP/301-00000002: "
                + "Call (UDP:198.51.100.31:5060) to extension '5551234' rejected because extension not found in context 'from-internal'.");
        assertEquals("301", own.get("caller"));
        assertEquals("198.51.100.31", own.getPeerHost());
        LogNotice added = one(ASTERISK, "[2026-03-04 09:00:12] VERBOSE[1240] res_pjsip_registrar.c: Added contact "
                + "'sip:301@198.51.100.31:5060;transport=udp' to AOR '301' with expiration of 3600 seconds");
        assertEquals(LogNotice.AUTH_OK, added.getKind());
        assertEquals("301", added.getTarget());
        assertEquals("198.51.100.31", added.getPeerHost());
        LogNotice registered = one(ASTERISK, "[2026-03-04 09:00:12] VERBOSE[2225] chan_sip.c: Registered SIP '301' at 198.51.100.31:5060");
        assertEquals(LogNotice.AUTH_OK, registered.getKind());
        assertEquals("198.51.100.31", registered.getPeerHost());
    }

    @Test
    void freeswitchRefusalsNameTheAddressAndTheSetting() {
        LogNotice auth = one(FREESWITCH, "2026-03-04 10:12:01.157585 97.12% [WARNING] sofia_reg.c:1862 SIP auth failure (REGISTER) "
                + "on sofia profile 'internal' for [1001@192.0.2.10] from ip 198.51.100.41");
        assertEquals(LogNotice.AUTH_FAILED, auth.getKind());
        assertEquals("1001", auth.getTarget());
        assertEquals("198.51.100.41", auth.getPeerHost());
        assertEquals(TraceSettings.FREESWITCH, auth.get(TraceSettings.DETAIL));
        LogNotice acl = one(FREESWITCH, "2026-03-04 11:02:13.551204 97.12% [WARNING] sofia.c:10667 IP 203.0.113.80 Rejected by acl \"domains\"");
        assertEquals(LogNotice.ACL_REFUSED, acl.getKind());
        assertEquals("203.0.113.80", acl.getPeerHost());
        assertEquals("domains", acl.get("acl"));
        assertTrue(notices(read(FREESWITCH, "2026-03-04 11:02:13.551204 97.12% [DEBUG] sofia.c:10631 IP 198.51.100.41 "
                + "Rejected by acl \"domains\". Falling back to Digest auth.\n")).isEmpty(), "a fallback to digest is no refusal");
    }
}
