package org.siphint.event;

import java.time.Instant;
import java.util.Map;

import org.kie.api.definition.type.Expires;
import org.kie.api.definition.type.Timestamp;

/**
 * A non-SIP log line that matters to a diagnosis, already classified by its dialect: for example
 * Asterisk's "Wrong password" or "No matching endpoint found", a retransmission timeout, or an RTP
 * inactivity hang-up. Rules match on {@link #getKind()} and read details from {@link #get(String)}.
 */
@org.kie.api.definition.type.Role(org.kie.api.definition.type.Role.Type.EVENT)
@Timestamp("timestamp")
@Expires("10m")
public final class LogNotice extends LogEvent {

    /** Kinds that dialects emit; rule authors may match on others a new dialect adds. */
    public static final String AUTH_FAILED = "auth-failed";
    public static final String NO_MATCHING_ENDPOINT = "no-matching-endpoint";
    public static final String EXTENSION_NOT_FOUND = "extension-not-found";
    public static final String NO_JOINT_CODECS = "no-joint-codecs";
    public static final String RTP_TIMEOUT = "rtp-timeout";
    public static final String RETRANSMISSION_TIMEOUT = "retransmission-timeout";
    public static final String REGISTRATION_FAILED = "registration-failed";
    public static final String REGISTRATION_OK = "registration-ok";
    public static final String TRANSACTION_TIMEOUT = "transaction-timeout";
    public static final String CONTACT_UNREACHABLE = "contact-unreachable";
    public static final String HANGUP = "hangup";
    /** A PBX gave up ringing a phone: its no-answer timer ran out (detail {@code ms}). */
    public static final String NO_ANSWER = "no-answer";
    /** A PBX refused a request by its address rules (an ACL, a permit/deny list) before any password. */
    public static final String ACL_REFUSED = "acl-refused";
    /**
     * A PBX accepted a device: it authenticated or registered (Asterisk's SuccessfulAuth security
     * event, "Added contact", chan_sip's "Registered SIP"): the account is known from that address.
     */
    public static final String AUTH_OK = "auth-ok";
    /**
     * A program could not reach a SIP server at the transport level: the TCP connection was
     * refused or reset, the TLS handshake failed, or no route led there. The peer is the server's
     * address; details {@code cause} ({@code tcp-refused}, {@code tls-handshake}, {@code unreachable}),
     * {@code reason} (the program's words) and {@code transport}.
     */
    public static final String TRANSPORT_FAILED = "transport-failed";
    /**
     * A server name did not resolve: no A/AAAA, SRV or NAPTR record (details {@code host}, and
     * {@code record} when the log names the lookup). No peer: there is no address.
     */
    public static final String DNS_FAILED = "dns-failed";
    /**
     * One request as its sender and its receiver logged it differs in more than NAT explains: a SIP
     * ALG rewrote it on the way (made by the transaction layer from two logs; details {@code what},
     * {@code changes}, {@code method}, {@code sentFile} and {@code X.sent} / {@code X.received} for
     * each change X of {@code content-length}, {@code sdp-address}, {@code contact}, {@code via}).
     */
    public static final String SIP_REWRITTEN = "sip-rewritten";
    /**
     * No dialect knew the file's format and its SIP messages were found inside its text: times,
     * directions and peers are guessed (detail {@code dialect}). Emitted once per file, before its
     * first message; no rule needs it, {@code watch} and {@code replay} tell it once.
     */
    public static final String FORMAT_GUESSED = "format-guessed";

    private final String kind;
    private final String callId;
    private final String account;
    private final String peer;
    private final Map<String, String> details;
    private final String text;
    private final String peerHost;

    public LogNotice(Instant time, Origin origin, String kind, String callId, String account, String peer,
                     Map<String, String> details, String text) {
        super(time, origin);
        this.kind = kind;
        this.callId = callId;
        this.account = account;
        this.peer = peer;
        this.details = details == null ? Map.of() : Map.copyOf(details);
        this.text = org.siphint.sip.Redactor.text(text);
        this.peerHost = hostOf(peer);
    }

    /**
     * A notice with its details given as name/value pairs ({@code "reason", "Wrong password"});
     * a pair whose value is null is left out.
     */
    public static LogNotice of(Instant time, Origin origin, String kind, String callId, String account, String peer,
                               String text, String... details) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < details.length; i += 2) {
            if (details[i + 1] != null) {
                map.put(details[i], details[i + 1]);
            }
        }
        return new LogNotice(time, origin, kind, callId, account, peer, map, text);
    }

    /** The host of a peer written {@code host}, {@code host:port}, {@code [v6]:port} or {@code UDP:host:port}. */
    private static String hostOf(String peer) {
        if (peer == null) {
            return null;
        }
        String p = peer.trim();
        int colon = p.indexOf(':');
        if (colon > 0 && colon <= 4 && p.substring(0, colon).chars().allMatch(Character::isLetter)) {
            p = p.substring(colon + 1); // UDP:, TCP:, TLS:, WS:, WSS:
        }
        String host = org.siphint.sip.HeaderValues.hostOf(p);
        return host == null || host.isEmpty() ? null : host;
    }

    public String getKind() {
        return kind;
    }

    @Override
    public String getCallId() {
        return callId;
    }

    /** The account (AOR or endpoint name) the line names, or null. */
    public String getAccount() {
        return account;
    }

    /** The remote address the line names, or null. */
    public String getPeer() {
        return peer;
    }

    /** The host of {@link #getPeer()} (no port, no transport), or null: what rules join sources on. */
    public String getPeerHost() {
        return peerHost;
    }

    /**
     * What the line is about as one word: the user part of the account ({@code 301} of
     * {@code sip:301@example.com} or {@code 301@example.com}), else the dialled extension, or null.
     */
    public String getTarget() {
        if (account != null && !account.isEmpty()) {
            String user = org.siphint.sip.HeaderValues.user(account);
            if (user != null) {
                return user;
            }
            int at = account.indexOf('@');
            return at > 0 ? account.substring(0, at) : account;
        }
        return details.get("extension");
    }

    public Map<String, String> getDetails() {
        return details;
    }

    /** A detail such as {@code reason} or {@code seconds}, or null. */
    public String get(String key) {
        return details.get(key);
    }

    public String getText() {
        return text;
    }

    @Override
    public String getEvidenceText() {
        return text;
    }

    @Override
    public String toString() {
        return "LogNotice[" + kind + ": " + text + " at " + getOrigin() + "]";
    }
}
