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

    private final String kind;
    private final String callId;
    private final String account;
    private final String peer;
    private final Map<String, String> details;
    private final String text;

    public LogNotice(Instant time, Origin origin, String kind, String callId, String account, String peer,
                     Map<String, String> details, String text) {
        super(time, origin);
        this.kind = kind;
        this.callId = callId;
        this.account = account;
        this.peer = peer;
        this.details = details == null ? Map.of() : Map.copyOf(details);
        this.text = org.siphint.sip.Redactor.text(text);
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
