package org.siphint.dialect.asterisk;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.dialect.TransportFailures;
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

    // Failures below SIP (the transport-failure and dns-failure situations), at the default level:
    // main/tcptls.c (chan_sip's TCP and TLS): Unable to connect SIP socket to 192.0.2.6:5068: Connection refused
    private static final Pattern TCPTLS_CONNECT = Pattern.compile("^Unable to connect SIP socket to (\\S+): (.+)$");
    // main/tcptls.c, main/iostream.c: Problem setting up ssl connection with peer '192.0.2.9:46496': error:...
    // Certificate from peer '192.0.2.9:5061' did not verify: unable to get local issuer certificate
    private static final Pattern TLS_PEER = Pattern.compile(
            "^(?:Problem setting up ssl connection with peer|Unable to set up ssl connection with peer|Certificate from peer) "
                    + "'([^']*)'(?::| did not verify:)? ?(.*)$");
    // res_pjsip.c: Error 120111 'Connection refused' sending OPTIONS request to endpoint provider
    // (pjlib's system errors are 120000 + errno)
    private static final Pattern PJSIP_SEND_ERROR = Pattern.compile(
            "^Error (\\d+) '([^']*)' sending (\\w+) request to endpoint (\\S+)");
    // res_pjsip/pjsip_transport_events.c (18.14+): Transport 'transport-tls' to remote 'sip.example.com' - 192.0.2.9:5061 - The certificate is untrusted
    // (ERROR with verify_server=yes; NOTICE, and the connection goes on, without)
    private static final Pattern TRANSPORT_VERIFY = Pattern.compile("^Transport '([^']*)' to remote '([^']*)' - (\\S+) - (.+)$");
    // main/netsock2.c: getaddrinfo("sip.example.com", "(null)", ...): Name or service not known
    private static final Pattern GETADDRINFO = Pattern.compile("^getaddrinfo\\(\"([^\"]*)\", \"[^\"]*\", \\.\\.\\.\\): (.+)$");
    // chan_sip.c: No such host: x; main/acl.c: Unable to lookup 'x'; chan_sip.c: Can't find address for
    // host 'x', Unable to locate host 'x'
    private static final Pattern NO_SUCH_HOST = Pattern.compile(
            "^(?:No such host: (\\S+)|Unable to lookup '([^']+)'|Can't find address for host '([^']+)'|Unable to locate host '([^']+)')");
    // chan_sip.c: srvlookup failed for host: sip.example.com, on peer trunk, removing peer
    private static final Pattern SRV_FAILED = Pattern.compile("^srvlookup failed for host: ([^,\\s]+), on peer (\\S+)");
    // chan_sip.c: Probably a DNS error for registration to 301@sip.example.com, trying REGISTER again (after 20 seconds)
    private static final Pattern REGISTRATION_DNS = Pattern.compile("^Probably a DNS error for registration to (?:([^@\\s]+)@)?([^,\\s]+),");
    // res_pjsip_endpoint_identifier_ip.c: Identify 'trunk' provided address 'sip.example.com' did not resolve to any address
    private static final Pattern IDENTIFY_UNRESOLVED = Pattern.compile(
            "^Identify '([^']*)' provided address '([^']*)' did not resolve");

    /** app_dial gave up: everyone busy or congested, or nobody answered in time (detail {@code reason}). */
    static final String DIAL_FAILED = "dial-failed";

    private AsteriskNotices() {
    }

    /** A notice for a line that matters, or null. */
    static LogNotice classify(Instant time, Origin origin, String level, String recordText) {
        String text = withoutVerbosePrefix(recordText);
        if (text.startsWith("SecurityEvent=")) {
            return AsteriskSecurityEvents.classify(time, origin, text);
        }
        if (level.equals("ERROR") || level.equals("WARNING")) {
            LogNotice belowSip = belowSip(time, origin, level, text);
            if (belowSip != null) {
                return belowSip;
            }
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

    /** A connection that failed or a name that did not resolve, or null. */
    private static LogNotice belowSip(Instant time, Origin origin, String level, String text) {
        Matcher m;
        if (text.startsWith("Unable to connect SIP socket") && (m = TCPTLS_CONNECT.matcher(text)).find()) {
            return transport(time, origin, m.group(1), m.group(2), "TCP", text);
        }
        if ((text.startsWith("Problem setting up ssl") || text.startsWith("Unable to set up ssl") || text.startsWith("Certificate from peer"))
                && (m = TLS_PEER.matcher(text)).find()) {
            String reason = m.group(2).isBlank() ? "the TLS handshake failed" : m.group(2).trim();
            return notice(time, origin, LogNotice.TRANSPORT_FAILED, null, null, m.group(1), text,
                    "cause", TransportFailures.TLS_HANDSHAKE, "reason", reason, "transport", "TLS");
        }
        if (text.startsWith("Error ") && (m = PJSIP_SEND_ERROR.matcher(text)).find()) {
            // the endpoint's name stands for its address, which the line does not give
            return transport(time, origin, m.group(4), m.group(2), null, text);
        }
        if (level.equals("ERROR") && text.startsWith("Transport '") && (m = TRANSPORT_VERIFY.matcher(text)).find()
                && !m.group(4).trim().equals("OK")) {
            return notice(time, origin, LogNotice.TRANSPORT_FAILED, null, null, m.group(3), text,
                    "cause", TransportFailures.TLS_HANDSHAKE, "reason", m.group(4).trim(), "transport", "TLS",
                    "host", m.group(2));
        }
        TransportFailures.Handshake handshake = TransportFailures.pjlibHandshake(text);
        if (handshake != null) {
            return notice(time, origin, LogNotice.TRANSPORT_FAILED, null, null, handshake.peer(), text,
                    "cause", TransportFailures.TLS_HANDSHAKE, "reason", handshake.reason(), "transport", "TLS");
        }
        if (text.startsWith("getaddrinfo(") && (m = GETADDRINFO.matcher(text)).find()) {
            return unresolved(time, origin, m.group(1), null, text, "reason", m.group(2));
        }
        if ((m = NO_SUCH_HOST.matcher(text)).find()) {
            String host = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
            return unresolved(time, origin, host, null, text);
        }
        if (text.startsWith("srvlookup failed") && (m = SRV_FAILED.matcher(text)).find()) {
            return unresolved(time, origin, m.group(1), "SRV", text, "peerName", m.group(2));
        }
        if (text.startsWith("Probably a DNS error") && (m = REGISTRATION_DNS.matcher(text)).find()) {
            return unresolved(time, origin, m.group(2), null, text, "user", m.group(1), "method", "REGISTER");
        }
        if (text.startsWith("Identify '") && (m = IDENTIFY_UNRESOLVED.matcher(text)).find()) {
            return unresolved(time, origin, m.group(2), null, text, "identify", m.group(1));
        }
        return null;
    }

    private static LogNotice transport(Instant time, Origin origin, String peer, String reason, String transport, String text) {
        String cause = TransportFailures.causeOf(reason);
        if (cause == null) {
            return null; // a timeout is judged by SIP's timers; an unsupported transport is configuration
        }
        return notice(time, origin, LogNotice.TRANSPORT_FAILED, null, null, peer, text, "cause", cause,
                "reason", reason, "transport", cause.equals(TransportFailures.TLS_HANDSHAKE) ? "TLS" : transport);
    }

    private static LogNotice unresolved(Instant time, Origin origin, String host, String record, String text, String... more) {
        if (host == null || TransportFailures.isAddress(host)) {
            return null;
        }
        String[] details = java.util.Arrays.copyOf(new String[] {"host", host, "record", record}, 4 + more.length);
        System.arraycopy(more, 0, details, 4, more.length);
        return notice(time, origin, LogNotice.DNS_FAILED, null, null, null, text, details);
    }

    /** Asterisk 11 and older kept the console's {@code    -- } in front of verbose texts in files. */
    static String withoutVerbosePrefix(String text) {
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
                || text.startsWith("Unable to connect SIP socket") || text.startsWith("No such host: ")
                || text.startsWith("srvlookup failed") || text.startsWith("Probably a DNS error")
                || text.startsWith("Can't find address for host") || text.startsWith("Unable to locate host")
                || text.startsWith("Failed to authenticate device") || text.startsWith("Registered SIP ")
                || text.startsWith("Hanging up call ") || text.startsWith("Peer '")
                || text.startsWith("Disconnecting call ") || text.contains(" on transmission ");
    }
}
