package org.siphint.dialect.freeswitch;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.event.LogNotice;
import org.siphint.event.Origin;

/**
 * Classifies the FreeSWITCH log lines that tell why a call or registration failed: hang-up causes
 * ({@code Hangup sofia/... [CS_STATE] [CAUSE]}, {@code Originate Failed.  Cause: X}), digest
 * failures of {@code sofia_reg.c} and media timeouts. A hang-up cause carries the SIP status it
 * stands for ({@code sofia_glue_sip_cause_to_freeswitch()} read backwards) in the detail
 * {@code sipStatus}, so rules can treat {@code INCOMPATIBLE_DESTINATION} like a 488.
 */
final class FreeswitchNotices {

    /** Hang-up causes and the SIP status FreeSWITCH maps to them (the usual one where several do). */
    static final Map<String, Integer> SIP_STATUS_OF_CAUSE = Map.ofEntries(
            Map.entry("CALL_REJECTED", 403),
            Map.entry("UNALLOCATED_NUMBER", 404),
            Map.entry("RECOVERY_ON_TIMER_EXPIRE", 408),
            Map.entry("NO_USER_RESPONSE", 480),
            Map.entry("EXCHANGE_ROUTING_ERROR", 483),
            Map.entry("USER_BUSY", 486),
            Map.entry("ORIGINATOR_CANCEL", 487),
            Map.entry("INCOMPATIBLE_DESTINATION", 488),
            Map.entry("NETWORK_OUT_OF_ORDER", 502),
            Map.entry("NORMAL_TEMPORARY_FAILURE", 503));

    // Hangup sofia/internal/1000@192.0.2.5 [CS_EXECUTE] [INCOMPATIBLE_DESTINATION]
    private static final Pattern HANGUP = Pattern.compile("^Hangup (\\S+) \\[(\\w+)\\] \\[(\\w+)\\]");
    // Originate Failed.  Cause: INCOMPATIBLE_DESTINATION
    private static final Pattern ORIGINATE = Pattern.compile("^Originate Failed\\.\\s+Cause: (\\w+)");
    // SIP auth failure (REGISTER) on sofia profile 'internal' for [1000@192.0.2.5] from ip 198.51.100.7
    private static final Pattern AUTH_FAILURE = Pattern.compile(
            "^SIP auth failure \\((\\w+)\\) on sofia profile '([^']*)' for \\[([^\\]]*)\\] from ip (\\S+)");
    // Can't find user [102@192.0.2.5] from 198.51.100.7
    private static final Pattern NO_USER = Pattern.compile("^Can't find user \\[([^\\]]*)\\] from (\\S+)");
    // sofia.c (sofia_handle_sip_i_invite), WARNING: IP 198.51.100.7 Rejected by acl "domains"
    private static final Pattern ACL = Pattern.compile("^IP (\\S+) Rejected by (?:register )?acl \"([^\"]*)\"");
    // sofia_reg.c: webex Failed Registration with status DNS Error [503]. failure #1 (nta's 503 "DNS Error"
    // when the NAPTR, SRV and A/AAAA lookups of the gateway's proxy all failed)
    private static final Pattern REGISTRATION_FAILED = Pattern.compile(
            "^(\\S+) Failed Registration with status (.+?) \\[(\\d{3})\\]");
    // sofia/internal/1000@192.0.2.5 receiving invite from 198.51.100.7:5060 version: 1.10.12 call-id: abc
    static final Pattern RECEIVING_INVITE = Pattern.compile("receiving invite from \\S+ .*call-id: (\\S+)");

    private FreeswitchNotices() {
    }

    /** A notice for a line that matters, or null; {@code callId} is what the channel's UUID maps to. */
    static LogNotice classify(Instant time, Origin origin, String text, String callId) {
        if (text.startsWith("Hangup ")) {
            Matcher m = HANGUP.matcher(text);
            if (m.find()) {
                String cause = m.group(3);
                String kind = cause.equals("MEDIA_TIMEOUT") ? LogNotice.RTP_TIMEOUT : LogNotice.HANGUP;
                return notice(time, origin, kind, callId, null, null, text, "channel", m.group(1),
                        "state", m.group(2), "cause", cause, "sipStatus", status(cause), "media", "audio");
            }
        }
        if (text.startsWith("Originate Failed.")) {
            Matcher m = ORIGINATE.matcher(text);
            if (m.find()) {
                String cause = m.group(1);
                return notice(time, origin, LogNotice.HANGUP, callId, null, null, text, "cause", cause,
                        "sipStatus", status(cause), "what", "originate");
            }
        }
        if (text.startsWith("SIP auth failure")) {
            Matcher m = AUTH_FAILURE.matcher(text);
            if (m.find()) {
                return notice(time, origin, LogNotice.AUTH_FAILED, callId, m.group(3), m.group(4), text,
                        "method", m.group(1), "profile", m.group(2), "reason", "SIP auth failure");
            }
        }
        if (text.startsWith("Can't find user")) {
            Matcher m = NO_USER.matcher(text);
            if (m.find()) {
                return notice(time, origin, LogNotice.NO_MATCHING_ENDPOINT, callId, m.group(1), m.group(2), text,
                        "reason", "Can't find user");
            }
        }
        if (text.contains(" Failed Registration with status ")) {
            Matcher m = REGISTRATION_FAILED.matcher(text);
            if (m.find() && m.group(2).equals("DNS Error")) {
                return notice(time, origin, LogNotice.DNS_FAILED, callId, null, null, text, "gateway", m.group(1),
                        "method", "REGISTER", "status", m.group(3) + " " + m.group(2));
            }
        }
        // at DEBUG, "... Rejected by acl \"x\". Falling back to Digest auth." is no refusal
        if (text.startsWith("IP ") && text.contains(" Rejected by ") && !text.contains("Falling back")) {
            Matcher m = ACL.matcher(text);
            if (m.find()) {
                return notice(time, origin, LogNotice.ACL_REFUSED, callId, null, m.group(1), text,
                        "acl", m.group(2), "reason", "Rejected by acl");
            }
        }
        return null;
    }

    private static String status(String cause) {
        Integer status = SIP_STATUS_OF_CAUSE.get(cause);
        return status == null ? null : status.toString();
    }

    private static LogNotice notice(Instant time, Origin origin, String kind, String callId, String account,
                                    String peer, String text, String... details) {
        String[] all = java.util.Arrays.copyOf(details, details.length + 2);
        all[details.length] = org.siphint.dialect.TraceSettings.DETAIL;
        all[details.length + 1] = org.siphint.dialect.TraceSettings.FREESWITCH;
        return LogNotice.of(time, origin, kind, callId, account, peer, text, all);
    }
}
