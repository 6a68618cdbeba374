package org.siphint.event;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.kie.api.definition.type.Expires;
import org.kie.api.definition.type.Timestamp;
import org.siphint.sip.HeaderValues;
import org.siphint.sip.ParsedMessage;
import org.siphint.sip.Redactor;
import org.siphint.sip.Sdp;
import org.siphint.sip.SdpParser;

/**
 * A SIP request or response that a log shows as sent or received: the fact most rules match on.
 *
 * <p>Flat getters (not the parsed structure) so that rules read {@code SipMessage(status == 401,
 * callId == $id)}. Credentials are never kept: only whether the message carried them and for which
 * realm. The message text is redacted when the event is made.
 */
@org.kie.api.definition.type.Role(org.kie.api.definition.type.Role.Type.EVENT)
@Timestamp("timestamp")
@Expires("10m")
public final class SipMessage extends LogEvent {

    private final Direction direction;
    private final String transport;
    private final String peer;
    private final boolean request;
    private final String method;
    private final String requestUri;
    private final int status;
    private final String reason;
    private final String callId;
    private final long cseq;
    private final String cseqMethod;
    private final String from;
    private final String to;
    private final String fromTag;
    private final String toTag;
    private final String viaBranch;
    private final String viaReceived;
    private final List<String> viaSentBy;
    private final String contact;
    private final String userAgent;
    private final boolean credentials;
    private final String credentialsRealm;
    private final String challengeRealm;
    private final boolean staleChallenge;
    private final String expiresHeader;
    private final String retryAfter;
    private final String reasonHeader;
    private final String warning;
    private final Sdp sdp;
    private final String text;
    // derived once: rules read these in joins, many times per event
    private final String fromUri;
    private final String toUri;
    private final String repeatedViaHop;
    private final String contactHost;
    private final String contactUser;
    private final String requestUser;
    private final int expires;
    private final String peerHost;
    private boolean retransmission;

    public SipMessage(Instant time, Origin origin, Direction direction, String transport, String peer,
                      ParsedMessage message, String rawText) {
        super(time, origin);
        this.direction = direction;
        this.transport = transport == null ? null : transport.toUpperCase(Locale.ROOT);
        this.peer = peer;
        this.request = message.isRequest();
        this.method = message.method();
        this.requestUri = message.requestUri();
        this.status = message.status();
        this.reason = message.reason();
        this.callId = message.header("Call-ID");
        this.cseq = message.cseqNumber();
        this.cseqMethod = message.cseqMethod();
        this.from = message.header("From");
        this.to = message.header("To");
        this.fromTag = HeaderValues.param(from, "tag");
        this.toTag = HeaderValues.param(to, "tag");
        List<String> vias = message.headerValues("Via");
        this.viaBranch = vias.isEmpty() ? null : HeaderValues.param(vias.get(0), "branch");
        this.viaReceived = vias.isEmpty() ? null : HeaderValues.param(vias.get(0), "received");
        this.viaSentBy = vias.stream().map(HeaderValues::viaSentBy).filter(v -> v != null).toList();
        this.contact = message.header("Contact");
        String ua = message.header("User-Agent");
        this.userAgent = ua != null ? ua : message.header("Server");
        String authorization = message.header("Authorization");
        String proxyAuthorization = message.header("Proxy-Authorization");
        this.credentials = authorization != null || proxyAuthorization != null;
        this.credentialsRealm = HeaderValues.authParam(authorization != null ? authorization : proxyAuthorization,
                "realm");
        String challenge = message.header("WWW-Authenticate");
        this.challengeRealm = HeaderValues.authParam(challenge != null ? challenge : message.header(
                "Proxy-Authenticate"), "realm");
        this.staleChallenge = "true".equalsIgnoreCase(HeaderValues.authParam(challenge != null ? challenge
                : message.header("Proxy-Authenticate"), "stale"));
        this.expiresHeader = message.header("Expires");
        this.retryAfter = message.header("Retry-After");
        this.reasonHeader = message.header("Reason");
        this.warning = message.header("Warning");
        String contentType = message.header("Content-Type");
        this.sdp = contentType == null || contentType.toLowerCase(Locale.ROOT).contains("sdp")
                ? SdpParser.parse(message.body()) : null;
        this.text = Redactor.text(rawText);
        this.fromUri = HeaderValues.aor(from);
        this.toUri = HeaderValues.aor(to);
        this.repeatedViaHop = repeatedHop(viaSentBy);
        this.contactHost = HeaderValues.host(contact);
        this.contactUser = HeaderValues.user(contact);
        this.requestUser = requestUri == null ? null : HeaderValues.user(requestUri);
        this.expires = expiresOf(contact, expiresHeader);
        this.peerHost = HeaderValues.hostOf(peer);
    }

    private static String repeatedHop(List<String> hops) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String hop : hops) {
            if (!seen.add(hop.toLowerCase(Locale.ROOT))) {
                return hop;
            }
        }
        return null;
    }

    private static int expiresOf(String contact, String expiresHeader) {
        String value = HeaderValues.param(contact, "expires");
        if (value == null) {
            value = expiresHeader;
        }
        if (value == null) {
            return -1;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Whether this is a repeated copy of a message the same program already sent or received
     * within 64 s (a retransmission); set by the pipeline before the rules see the message.
     */
    public boolean isRetransmission() {
        return retransmission;
    }

    /** Called by the pipeline, before insertion, for a repeated copy. */
    public void markRetransmission() {
        this.retransmission = true;
    }

    public Direction getDirection() {
        return direction;
    }

    public boolean isSent() {
        return direction == Direction.SENT;
    }

    public boolean isReceived() {
        return direction == Direction.RECEIVED;
    }

    /** UDP, TCP, TLS, WS, WSS; null when the log does not say. */
    public String getTransport() {
        return transport;
    }

    /** The address the message was sent to or received from ({@code host:port}), or null. */
    public String getPeer() {
        return peer;
    }

    public boolean isRequest() {
        return request;
    }

    public boolean isResponse() {
        return !request;
    }

    /** The request method, or for a response the method of its CSeq: what transaction this is. */
    public String getMethod() {
        return request ? method : cseqMethod;
    }

    public String getRequestUri() {
        return requestUri;
    }

    /** The status code of a response; 0 for a request. */
    public int getStatus() {
        return status;
    }

    public String getReason() {
        return reason;
    }

    /** Whether this is a final response (200 to 699). */
    public boolean isFinal() {
        return status >= 200;
    }

    public boolean isProvisional() {
        return status >= 100 && status < 200;
    }

    @Override
    public String getCallId() {
        return callId;
    }

    public long getCseq() {
        return cseq;
    }

    public String getCseqMethod() {
        return cseqMethod;
    }

    public String getFrom() {
        return from;
    }

    public String getTo() {
        return to;
    }

    public String getFromUri() {
        return fromUri;
    }

    public String getToUri() {
        return toUri;
    }

    public String getFromTag() {
        return fromTag;
    }

    public String getToTag() {
        return toTag;
    }

    /** The branch of the top Via: the transaction key. */
    public String getViaBranch() {
        return viaBranch;
    }

    /** The {@code received} parameter of the top Via: the source address the next hop saw, or null. */
    public String getViaReceived() {
        return viaReceived;
    }

    /** A Via sent-by that appears more than once (a request that went round a loop), or null. */
    public String getRepeatedViaHop() {
        return repeatedViaHop;
    }

    /** The sent-by of every Via, top first: a loop shows the same hop twice. */
    public List<String> getViaSentBy() {
        return viaSentBy;
    }

    public String getContact() {
        return contact;
    }

    /** The host of the Contact URI, or null. */
    public String getContactHost() {
        return contactHost;
    }

    /** The user part of the Contact URI, or null. */
    public String getContactUser() {
        return contactUser;
    }

    /**
     * Whether this request goes to the phone a registration bound: its Request-URI is the Contact
     * of {@code registration} (a REGISTER or its 2xx), or its To is the registered address of record
     * and it was sent to the address the registration came from.
     */
    public boolean isAddressedTo(SipMessage registration) {
        if (!request || registration == null) {
            return false;
        }
        String target = HeaderValues.aor(requestUri);
        String contact = HeaderValues.aor(registration.contact);
        if (target != null && target.equalsIgnoreCase(contact)) {
            return true;
        }
        String aor = getToUri();
        return aor != null && aor.equalsIgnoreCase(registration.getToUri())
                && getPeerHost() != null && getPeerHost().equalsIgnoreCase(registration.getPeerHost());
    }

    /** The user part of the Request-URI (the dialled number of an INVITE), or null. */
    public String getRequestUser() {
        return requestUser;
    }

    /**
     * The registration lifetime of a REGISTER or its response in seconds: the Contact's
     * {@code expires} parameter, else the Expires header; -1 when neither says.
     */
    public int getExpires() {
        return expires;
    }

    /** The host the message came from or went to (the peer without its port), or null. */
    public String getPeerHost() {
        return peerHost;
    }

    /** User-Agent of a request or Server of a response, or null. */
    public String getUserAgent() {
        return userAgent;
    }

    /** Whether the request carried Authorization or Proxy-Authorization (never their content). */
    public boolean isCredentials() {
        return credentials;
    }

    public String getCredentialsRealm() {
        return credentialsRealm;
    }

    /** The realm of a WWW-Authenticate or Proxy-Authenticate challenge, or null. */
    public String getChallengeRealm() {
        return challengeRealm;
    }

    /** Whether the challenge says {@code stale=true}: the nonce expired, the password was right. */
    public boolean isStaleChallenge() {
        return staleChallenge;
    }

    public String getRetryAfter() {
        return retryAfter;
    }

    public String getReasonHeader() {
        return reasonHeader;
    }

    public String getWarning() {
        return warning;
    }

    /** The parsed SDP body, or null. */
    public Sdp getSdp() {
        return sdp;
    }

    public boolean isHasSdp() {
        return sdp != null;
    }

    /** The direction of the first audio stream (sendrecv, sendonly, recvonly, inactive), or null. */
    public String getAudioDirection() {
        Sdp.Media audio = sdp == null ? null : sdp.audio();
        return audio == null ? null : audio.direction();
    }

    /**
     * Whether the first audio stream is set up one way or not at all (sendonly, recvonly or
     * inactive) while not disabled (port 0 would mean the stream is refused, not one-way).
     */
    public boolean isOneWayAudio() {
        Sdp.Media audio = sdp == null ? null : sdp.audio();
        return audio != null && audio.port() != 0 && !"sendrecv".equals(audio.direction());
    }

    /** The connection address of the first audio stream, or null. */
    public String getAudioAddress() {
        Sdp.Media audio = sdp == null ? null : sdp.audio();
        return audio == null ? null : audio.address();
    }

    /** The offered audio codecs without the DTMF and comfort-noise helpers, or an empty list. */
    public List<String> getAudioCodecs() {
        Sdp.Media audio = sdp == null ? null : sdp.audio();
        return audio == null ? List.of() : audio.voiceCodecs();
    }

    /**
     * The address of record this message speaks for, seen from the program that logged it: the To
     * of a REGISTER; the From of what it sent as caller; the To of what it received as callee.
     */
    public String getAccount() {
        if ("REGISTER".equals(getMethod())) {
            return getToUri();
        }
        boolean localIsCaller = request == (direction == Direction.SENT);
        return localIsCaller ? getFromUri() : getToUri();
    }

    /** The message as the log showed it, credentials redacted. */
    public String getText() {
        return text;
    }

    /** The start line: {@code INVITE sip:bob@x SIP/2.0} or {@code SIP/2.0 488 Not Acceptable Here}. */
    public String getStartLine() {
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).trim();
    }

    @Override
    public String getEvidenceText() {
        return (direction == Direction.SENT ? "sent" : "received") + (peer != null ? (direction == Direction.SENT
                ? " to " : " from ") + peer : "") + ": " + getStartLine() + " (Call-ID " + callId + ", CSeq " + cseq
                + " " + cseqMethod + ")";
    }

    @Override
    public String toString() {
        return getEvidenceText() + " at " + getOrigin();
    }
}
