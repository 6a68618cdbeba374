package org.siphint.dialect.asterisk;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

import org.siphint.dialect.TraceSettings;
import org.siphint.event.LogNotice;
import org.siphint.event.Origin;

/**
 * Classifies the SECURITY records of Asterisk's {@code res_security_log} ({@code security_event_cb}
 * in {@code res/res_security_log.c}, fields named in {@code main/security_events.c}):
 * {@code SecurityEvent="InvalidPassword",EventTV="...",Severity="Error",Service="PJSIP",EventVersion="1",
 * AccountID="301",SessionID="...",LocalAddress="IPV4/UDP/192.0.2.1/5060",RemoteAddress="IPV4/UDP/198.51.100.7/5060",...}.
 * Only the SIP services ({@code SIP}, {@code PJSIP}) are read. The digest fields a failure carries
 * ({@code Challenge}, {@code ReceivedChallenge}, {@code ReceivedHash}, {@code Response},
 * {@code ExpectedResponse}) are masked in the notice's text.
 */
final class AsteriskSecurityEvents {

    private static final Pattern DIGEST_FIELDS = Pattern.compile(
            "\\b(Challenge|ReceivedChallenge|ReceivedHash|Response|ExpectedResponse)=\"[^\"]*\"");

    private AsteriskSecurityEvents() {
    }

    static LogNotice classify(Instant time, Origin origin, String text) {
        String event = field(text, "SecurityEvent", false);
        String service = field(text, "Service", false);
        if (event == null || service == null || !service.toUpperCase(Locale.ROOT).endsWith("SIP")) {
            return null;
        }
        String kind = switch (event) {
            case "InvalidAccountID" -> LogNotice.NO_MATCHING_ENDPOINT;
            case "InvalidPassword", "ChallengeResponseFailed" -> LogNotice.AUTH_FAILED;
            case "FailedACL" -> LogNotice.ACL_REFUSED;
            case "SuccessfulAuth" -> LogNotice.AUTH_OK;
            default -> null;
        };
        if (kind == null) {
            return null;
        }
        String account = field(text, "AccountID", false);
        if (account != null && (account.isEmpty() || account.equals("<unknown>"))) {
            account = null;
        }
        // SessionID is the request's Call-ID for PJSIP, a pointer for chan_sip; it is written by
        // the remote side and may hold quotes and field names, so the remote address is the last one
        String callId = service.equalsIgnoreCase("PJSIP") ? field(text, "SessionID", false) : null;
        String masked = DIGEST_FIELDS.matcher(text).replaceAll("$1=\"<redacted>\"");
        return LogNotice.of(time, origin, kind, callId == null || callId.isEmpty() ? null : callId, account,
                address(field(text, "RemoteAddress", true)), masked,
                "event", event, "service", service, "reason", event, "acl", field(text, "ACLName", true),
                TraceSettings.DETAIL, service.equalsIgnoreCase("PJSIP") ? TraceSettings.ASTERISK_PJSIP
                        : TraceSettings.ASTERISK_CHAN_SIP);
    }

    /** The value of {@code name="..."}: the first or the last occurrence, or null. */
    static String field(String text, String name, boolean last) {
        String key = name + "=\"";
        int at = last ? text.lastIndexOf(key) : text.indexOf(key);
        while (at > 0 && text.charAt(at - 1) != ',' && text.charAt(at - 1) != ' ') {
            at = last ? text.lastIndexOf(key, at - 1) : text.indexOf(key, at + 1);
        }
        if (at < 0) {
            return null;
        }
        int from = at + key.length();
        int end = text.indexOf('"', from);
        return end < 0 ? null : text.substring(from, end);
    }

    /** {@code IPV4/UDP/198.51.100.7/5060} as {@code 198.51.100.7:5060}, IPv6 in brackets; null when unreadable. */
    static String address(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split("/", 4);
        if (parts.length < 4 || parts[2].isEmpty()) {
            return null;
        }
        return parts[0].equalsIgnoreCase("IPV6") ? "[" + parts[2] + "]:" + parts[3] : parts[2] + ":" + parts[3];
    }
}
