package org.siphint.dialect.asterisk;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.event.LogNotice;
import org.siphint.event.Origin;

/**
 * Classifies the NOTICE and WARNING lines of Asterisk (chan_pjsip and chan_sip) that tell the cause
 * of a failure the SIP messages alone cannot: which account, and why it was refused. The format
 * strings come from {@code res/res_pjsip/pjsip_distributor.c}, {@code res_pjsip_session.c},
 * {@code res_pjsip_sdp_rtp.c}, {@code res_pjsip/pjsip_options.c} and {@code channels/chan_sip.c}.
 */
final class AsteriskNotices {

    // Request 'INVITE' from '<sip:902@192.0.2.1>' failed for '192.0.2.2:5060' (callid: abc) - No matching endpoint found
    // (13.x: Request from '...' failed for ...; newer versions may append " after 3 tries in 2.345 ms")
    private static final Pattern PJSIP_FAILED_REQUEST = Pattern.compile(
            "Request (?:'(\\w+)' )?from '(.*)' failed for '([^']*)' \\(callid: ([^)]*)\\) - (.*?)(?: after \\d+ tries in [\\d.]+ ms)?$");
    // Registration from '<sip:301@example.com>' failed for '1.2.3.4:5060' - Wrong password
    private static final Pattern CHAN_SIP_REGISTRATION = Pattern.compile(
            "Registration from '(.*)' failed for '([^']*)' - (.*)$");
    // PJSIP/100-00000001: Call (UDP:192.0.2.1:5060) to extension '555' rejected because extension not found in context 'from-internal'.
    private static final Pattern EXTENSION_NOT_FOUND = Pattern.compile(
            "Call (?:from '(.*)' )?\\(([^)]*)\\) to extension '(.*)' rejected because extension not found in context '([^']*)'");
    // No joint capabilities for 'audio' media stream between our configuration((ulaw|alaw)) and incoming SDP((g729))
    private static final Pattern NO_JOINT = Pattern.compile(
            "No joint capabilities for '(\\w+)' media stream between our configuration\\((.*)\\) and incoming SDP\\((.*)\\)");
    // Disconnecting channel 'PJSIP/100-00000002' for lack of audio RTP activity in 30 seconds
    // Disconnecting call 'SIP/1082-0000e7fd' for lack of RTP activity in 16 seconds
    private static final Pattern RTP_TIMEOUT = Pattern.compile(
            "Disconnecting (?:channel|call) '([^']*)' for lack of (?:(\\w+) )?RTP activity in (\\d+) seconds");
    // Retransmission timeout reached on transmission 3c2d@192.0.2.1 for seqno 102 (Critical Request) -- See ...
    private static final Pattern RETRANSMISSION = Pattern.compile(
            "(?:Retransmission timeout reached|Maximum retries exceeded) on transmission (\\S+) for seqno (\\d+) \\(([^)]*)\\)");
    // Contact 100/sip:100@192.0.2.9:5060 is now Unreachable.  RTT: 0.000 msec
    private static final Pattern CONTACT_STATE = Pattern.compile("Contact (\\S+) is now (Reachable|Unreachable)");

    // chan_sip: Failed to authenticate device "1001" <sip:1001@pbx.example.com>;tag=as1 for INVITE, code = -1
    // (older: Failed to authenticate device <sip:1001@pbx.example.com>;tag=as1)
    private static final Pattern CHAN_SIP_AUTH = Pattern.compile(
            "Failed to authenticate device (.*?)(?: for (\\w+), code = (-?\\d+))?$");
    // chan_sip: Hanging up call 3c2d@192.0.2.1 - no reply to our critical packet (see https://...).
    private static final Pattern CRITICAL_PACKET = Pattern.compile(
            "Hanging up call (\\S+) - no reply to our critical packet");
    // chan_sip: Peer '1001' is now UNREACHABLE!  Last qualify: 12
    private static final Pattern PEER_UNREACHABLE = Pattern.compile("Peer '([^']*)' is now UNREACHABLE");
    // app_dial: Everyone is busy/congested at this time (1:1/0/0)
    private static final Pattern DIAL_BUSY = Pattern.compile("Everyone is busy/congested at this time \\(([^)]*)\\)");
    // app_dial: Nobody picked up in 30000 ms
    private static final Pattern DIAL_NO_ANSWER = Pattern.compile("Nobody picked up in (\\d+) ms");

    // res_pjsip_registrar.c: Added contact 'sip:301@192.0.2.10:5060' to AOR '301' with expiration of 3600 seconds
    // (a refresh: Refreshed contact '...' for AOR '301' with new expiration of 3600 seconds)
    private static final Pattern CONTACT_ADDED = Pattern.compile(
            "^(?:Added|Refreshed) contact '([^']*)' (?:to|for) AOR '([^']*)'");
    // chan_sip.c: Registered SIP '301' at 192.0.2.10:5060
    private static final Pattern CHAN_SIP_REGISTERED = Pattern.compile("^Registered SIP '([^']*)' at (\\S+)");

    /** app_dial gave up: everyone busy or congested, or nobody answered in time (detail {@code reason}). */
    static final String DIAL_FAILED = "dial-failed";

    private AsteriskNotices() {
    }

    /** A notice for a line that matters, or null. */
    static LogNotice classify(Instant time, Origin origin, String recordText) {
        String text = withoutVerbosePrefix(recordText);
        if (text.startsWith("SecurityEvent=")) {
            return AsteriskSecurityEvents.classify(time, origin, text);
        }
        if (text.startsWith("Added contact ") || text.startsWith("Refreshed contact ")) {
            Matcher m = CONTACT_ADDED.matcher(text);
            if (m.find()) {
                String contact = m.group(1);
                return notice(time, origin, LogNotice.AUTH_OK, null, m.group(2),
                        org.siphint.sip.HeaderValues.host(contact), text, "contact", contact);
            }
        }
        if (text.startsWith("Registered SIP '")) {
            Matcher m = CHAN_SIP_REGISTERED.matcher(text);
            if (m.find()) {
                return notice(time, origin, LogNotice.AUTH_OK, null, m.group(1), m.group(2), text);
            }
        }
        if (text.startsWith("Request ") && text.contains(" failed for ")) {
            Matcher m = PJSIP_FAILED_REQUEST.matcher(text);
            if (m.find()) {
                String reason = m.group(5).trim();
                return notice(time, origin, failureKind(reason), m.group(4), aor(m.group(2)), m.group(3), text,
                        "method", m.group(1), "reason", reason);
            }
        }
        if (text.startsWith("Registration from ")) {
            Matcher m = CHAN_SIP_REGISTRATION.matcher(text);
            if (m.find()) {
                String reason = m.group(3).trim();
                return notice(time, origin, failureKind(reason), null, aor(m.group(1)), m.group(2), text,
                        "method", "REGISTER", "reason", reason);
            }
        }
        if (text.contains("rejected because extension not found")) {
            Matcher m = EXTENSION_NOT_FOUND.matcher(text);
            if (m.find()) {
                // chan_sip names the caller (From), res_pjsip the channel: PJSIP/100-00000001: Call (...)
                String caller = m.group(1) != null && !m.group(1).isEmpty() ? aor(m.group(1))
                        : text.startsWith("PJSIP/") && text.indexOf('-') > 6 ? text.substring(6, text.indexOf('-')) : null;
                return notice(time, origin, LogNotice.EXTENSION_NOT_FOUND, null, null, m.group(2), text,
                        "extension", m.group(3), "context", m.group(4), "caller", caller);
            }
        }
        if (text.startsWith("No joint capabilities")) {
            Matcher m = NO_JOINT.matcher(text);
            if (m.find()) {
                return notice(time, origin, LogNotice.NO_JOINT_CODECS, null, null, null, text,
                        "media", m.group(1), "ours", strip(m.group(2)), "theirs", strip(m.group(3)));
            }
        }
        if (text.startsWith("Disconnecting ")) {
            Matcher m = RTP_TIMEOUT.matcher(text);
            if (m.find()) {
                return notice(time, origin, LogNotice.RTP_TIMEOUT, null, null, null, text,
                        "channel", m.group(1), "media", m.group(2) == null ? "audio" : m.group(2),
                        "seconds", m.group(3));
            }
        }
        if (text.contains(" on transmission ")) {
            Matcher m = RETRANSMISSION.matcher(text);
            if (m.find()) {
                return notice(time, origin, LogNotice.RETRANSMISSION_TIMEOUT, m.group(1), null, null, text,
                        "cseq", m.group(2), "what", m.group(3));
            }
        }
        if (text.startsWith("Failed to authenticate device")) {
            Matcher m = CHAN_SIP_AUTH.matcher(text);
            if (m.find()) {
                return notice(time, origin, LogNotice.AUTH_FAILED, null, aor(m.group(1)), null, text,
                        "method", m.group(2), "code", m.group(3), "reason", "Failed to authenticate device");
            }
        }
        if (text.startsWith("Hanging up call ")) {
            Matcher m = CRITICAL_PACKET.matcher(text);
            if (m.find()) {
                return notice(time, origin, LogNotice.RETRANSMISSION_TIMEOUT, m.group(1), null, null, text,
                        "what", "critical packet", "hangup", "true");
            }
        }
        if (text.startsWith("Peer '")) {
            Matcher m = PEER_UNREACHABLE.matcher(text);
            if (m.find()) {
                return notice(time, origin, LogNotice.CONTACT_UNREACHABLE, null, null, null, text,
                        "contact", m.group(1));
            }
        }
        if (text.startsWith("Everyone is busy")) {
            Matcher m = DIAL_BUSY.matcher(text);
            if (m.find()) {
                return notice(time, origin, DIAL_FAILED, null, null, null, text, "reason", "busy",
                        "counts", m.group(1));
            }
        }
        if (text.startsWith("Nobody picked up")) {
            Matcher m = DIAL_NO_ANSWER.matcher(text);
            if (m.find()) {
                return notice(time, origin, LogNotice.NO_ANSWER, null, null, null, text, "reason", "no-answer",
                        "ms", m.group(1));
            }
        }
        if (text.startsWith("Contact ")) {
            Matcher m = CONTACT_STATE.matcher(text);
            if (m.find() && m.group(2).equals("Unreachable")) {
                return notice(time, origin, LogNotice.CONTACT_UNREACHABLE, null, null, null, text,
                        "contact", m.group(1));
            }
        }
        return null;
    }

    /** Asterisk 11 and older kept the console's {@code    -- } in front of verbose texts in files. */
    private static String withoutVerbosePrefix(String text) {
        String t = text.stripLeading();
        if (t.startsWith("-- ") || t.startsWith("== ") || t.startsWith("> ")) {
            t = t.substring(t.indexOf(' ') + 1).stripLeading();
        }
        return t;
    }

    private static String failureKind(String reason) {
        String r = reason.toLowerCase(java.util.Locale.ROOT);
        if (r.contains("no matching") || r.contains("not a local domain")) {
            return LogNotice.NO_MATCHING_ENDPOINT;
        }
        if (r.contains("acl")) {
            return LogNotice.ACL_REFUSED; // "Device does not match ACL", "ACL error (permit/deny)", "Not match Endpoint ACL"
        }
        if (r.contains("authenticate") || r.contains("password") || r.contains("auth name mismatch")) {
            return LogNotice.AUTH_FAILED;
        }
        return LogNotice.REGISTRATION_FAILED;
    }

    private static String aor(String nameAddr) {
        String aor = org.siphint.sip.HeaderValues.aor(nameAddr);
        return aor == null || aor.isEmpty() ? null : aor;
    }

    private static String strip(String caps) {
        String s = caps.trim();
        while (s.startsWith("(") && s.endsWith(")")) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static LogNotice notice(Instant time, Origin origin, String kind, String callId, String account,
                                    String peer, String text, String... details) {
        String[] all = java.util.Arrays.copyOf(details, details.length + 2);
        all[details.length] = org.siphint.dialect.TraceSettings.DETAIL;
        all[details.length + 1] = chanSip(text) ? org.siphint.dialect.TraceSettings.ASTERISK_CHAN_SIP
                : org.siphint.dialect.TraceSettings.ASTERISK_PJSIP;
        return LogNotice.of(time, origin, kind, callId, account, peer, text, all);
    }

    /** Lines only chan_sip writes (res_pjsip names the method, the callid or the AOR). */
    private static boolean chanSip(String text) {
        return text.startsWith("Registration from ") || text.startsWith("Call from '")
                || text.startsWith("Failed to authenticate device") || text.startsWith("Registered SIP ")
                || text.startsWith("Hanging up call ") || text.startsWith("Peer '")
                || text.startsWith("Disconnecting call ") || text.contains(" on transmission ");
    }
}
