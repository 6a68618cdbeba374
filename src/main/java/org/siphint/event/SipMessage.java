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
 * realm. The message text is redacted before it leaves the event ({@link #getText()}).
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
    /** The Via header values as written (one each, not split at commas), top first. */
    private final List<String> vias;
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
    private final String minExpires;
    private final String unsupported;
    private final String require;
    private final String contentType;
    private final String accept;
    /** Every Contact value of the message (a registrar's 2xx lists each binding of the address of record). */
    private final List<String> contacts;
    /** The body when the Content-Type says SDP (or is missing), parsed on first use; else null. */
    private final String sdpBody;
    /** The message as the log showed it, not yet redacted: only {@link #getText()} reads it. */
    private final String rawText;
    private boolean retransmission;
    /** For a request a B2BUA sent on another leg's behalf: that leg's Call-ID, as its log links them; else null. */
    private String legOf;

    // Made on first use, then kept (rules read some of these in joins, many times per event; most
    // are never asked for). The fields are written without a lock: each value is immutable and
    // computed the same by every thread, so a thread that sees the field unset computes it again.
    private static final String UNSET = new String("unset");
    private static final int UNSET_INT = Integer.MIN_VALUE;
    private String text = UNSET;
    private static final Sdp UNPARSED = new Sdp(null, List.of());
    private Sdp sdp = UNPARSED;
    /** {@link #getSize()}, once asked (-1 before). */
    private int size = -1;
    private String viaReceived = UNSET;
    private List<String> viaSentBy;
    private String repeatedViaHop = UNSET;
    private String fromUri = UNSET;
    private String toUri = UNSET;
    private String contactHost = UNSET;
    private String contactUser = UNSET;
    private String requestUser = UNSET;
    private String peerHost = UNSET;
    private int expires = UNSET_INT;

    /**
     * Takes what rules and the transaction layer read of every message (start line, Call-ID,
     * CSeq, top Via branch, tags, the header values the rest is made from); the SDP, the redacted
     * text and the values derived from headers are made when first asked for.
     */
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
        String cseqHeader = message.header("CSeq");
        this.cseq = ParsedMessage.cseqNumber(cseqHeader);
        this.cseqMethod = ParsedMessage.cseqMethod(cseqHeader);
        this.from = message.header("From");
        this.to = message.header("To");
        this.fromTag = HeaderValues.param(from, "tag");
        this.toTag = HeaderValues.param(to, "tag");
        this.vias = message.headerValuesAsWritten("Via");
        this.viaBranch = HeaderValues.param(topVia(vias), "branch");
        this.contact = message.header("Contact");
        String ua = message.header("User-Agent");
        this.userAgent = ua != null ? ua : message.header("Server");
        String authorization = message.header("Authorization");
        String proxyAuthorization = message.header("Proxy-Authorization");
        this.credentials = authorization != null || proxyAuthorization != null;
        this.credentialsRealm = credentials ? HeaderValues.authParam(authorization != null ? authorization
                : proxyAuthorization, "realm") : null;
        String challenge = message.header("WWW-Authenticate");
        if (challenge == null) {
            challenge = message.header("Proxy-Authenticate");
        }
        this.challengeRealm = HeaderValues.authParam(challenge, "realm");
        this.staleChallenge = challenge != null && "true".equalsIgnoreCase(HeaderValues.authParam(challenge, "stale"));
        this.expiresHeader = message.header("Expires");
        this.retryAfter = message.header("Retry-After");
        this.reasonHeader = message.header("Reason");
        this.warning = message.header("Warning");
        this.minExpires = message.header("Min-Expires");
        this.unsupported = joined(message.headerValuesAsWritten("Unsupported"));
        this.require = joined(message.headerValuesAsWritten("Require"));
        this.accept = joined(message.headerValuesAsWritten("Accept"));
        List<String> contactValues = message.headerValuesAsWritten("Contact");
        this.contacts = contactValues.size() <= 1 ? contactValues : List.copyOf(HeaderValues.splitList(joined(contactValues)));
        String contentType = message.header("Content-Type");
        this.contentType = contentType;
        String body = message.body();
        this.sdpBody = body == null || body.isEmpty() || contentType != null && !containsSdp(contentType) ? null : body;
        this.rawText = rawText;
    }

    /** Header values as one comma-separated list, or null when there are none. */
    private static String joined(List<String> values) {
        return values.isEmpty() ? null : values.size() == 1 ? values.get(0) : String.join(", ", values);
    }

    /** Whether a Content-Type names SDP, ignoring case. */
    private static boolean containsSdp(String contentType) {
        for (int i = 0, last = contentType.length() - 3; i <= last; i++) {
            if ((contentType.charAt(i) | 0x20) == 's' && (contentType.charAt(i + 1) | 0x20) == 'd'
                    && (contentType.charAt(i + 2) | 0x20) == 'p') {
                return true;
            }
        }
        return false;
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

    /** Every Via value, comma-separated ones split apart, top first. */
    private List<String> viaValues() {
        List<String> values = new java.util.ArrayList<>(vias.size());
        for (String via : vias) {
            if (via.indexOf(',') < 0) {
                String one = via.trim();
                if (!one.isEmpty()) {
                    values.add(one);
                }
            } else {
                values.addAll(HeaderValues.splitList(via));
            }
        }
        return values;
    }

    /** The first of {@link #viaValues()}, without splitting the others. */
    private static String topVia(List<String> vias) {
        for (String via : vias) {
            if (via.indexOf(',') < 0) {
                String one = via.trim();
                if (!one.isEmpty()) {
                    return one;
                }
            } else {
                List<String> split = HeaderValues.splitList(via);
                if (!split.isEmpty()) {
                    return split.get(0);
                }
            }
        }
        return null;
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

    /**
     * The Call-ID of the call this request was sent for, when a B2BUA's log links its two legs (a
     * PBX's INVITE to a trunk, placed for a phone's INVITE with another Call-ID); null otherwise.
     */
    @Override
    public String getLegOf() {
        return legOf;
    }

    /** Called by a dialect that read which incoming call this request was placed for. */
    public void linkLeg(String incomingCallId) {
        this.legOf = incomingCallId;
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
        String v = fromUri;
        if (v == UNSET) {
            fromUri = v = HeaderValues.aor(from);
        }
        return v;
    }

    public String getToUri() {
        String v = toUri;
        if (v == UNSET) {
            toUri = v = HeaderValues.aor(to);
        }
        return v;
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
        String v = viaReceived;
        if (v == UNSET) {
            List<String> values = viaValues();
            viaReceived = v = values.isEmpty() ? null : HeaderValues.param(values.get(0), "received");
        }
        return v;
    }

    /** A Via sent-by that appears more than once (a request that went round a loop), or null. */
    public String getRepeatedViaHop() {
        String v = repeatedViaHop;
        if (v == UNSET) {
            repeatedViaHop = v = repeatedHop(getViaSentBy());
        }
        return v;
    }

    /** The sent-by of every Via, top first: a loop shows the same hop twice. */
    public List<String> getViaSentBy() {
        List<String> v = viaSentBy;
        if (v == null) {
            viaSentBy = v = viaValues().stream().map(HeaderValues::viaSentBy).filter(h -> h != null).toList();
        }
        return v;
    }

    public String getContact() {
        return contact;
    }

    /** The host of the Contact URI, or null. */
    public String getContactHost() {
        String v = contactHost;
        if (v == UNSET) {
            contactHost = v = HeaderValues.host(contact);
        }
        return v;
    }

    /** The user part of the Contact URI, or null. */
    public String getContactUser() {
        String v = contactUser;
        if (v == UNSET) {
            contactUser = v = HeaderValues.user(contact);
        }
        return v;
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
        String v = requestUser;
        if (v == UNSET) {
            requestUser = v = requestUri == null ? null : HeaderValues.user(requestUri);
        }
        return v;
    }

    /**
     * The registration lifetime of a REGISTER or its response in seconds: the Contact's
     * {@code expires} parameter, else the Expires header; -1 when neither says.
     */
    public int getExpires() {
        int v = expires;
        if (v == UNSET_INT) {
            expires = v = expiresOf(contact, expiresHeader);
        }
        return v;
    }

    /** The host the message came from or went to (the peer without its port), or null. */
    public String getPeerHost() {
        String v = peerHost;
        if (v == UNSET) {
            peerHost = v = HeaderValues.hostOf(peer);
        }
        return v;
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

    /** The Min-Expires of a 423 Interval Too Brief: the shortest registration the registrar accepts, or null. */
    public String getMinExpires() {
        return minExpires;
    }

    /** The Unsupported header of a 420 Bad Extension: the option tags the other side does not know, or null. */
    public String getUnsupported() {
        return unsupported;
    }

    /** The Require header: option tags the sender insists on, or null. */
    public String getRequire() {
        return require;
    }

    /** The Content-Type of the body, or null. */
    public String getContentType() {
        return contentType;
    }

    /** The Accept header (a 415 lists the body types the other side takes), or null. */
    public String getAccept() {
        return accept;
    }

    /** Every Contact value, in order (a registrar's 2xx lists every binding of the address of record). */
    public List<String> getContacts() {
        return contacts;
    }

    /**
     * The message's size in bytes as it went over the wire: the text as logged, each line ended by
     * CRLF (logs that turn CRLF into LF lose one byte a line). Counted before redaction.
     */
    public int getSize() {
        int v = size;
        if (v < 0) {
            // counted in one pass: the transaction layer asks this of every request answered
            int lf = 0;
            int cr = 0;
            int wide = 0;
            boolean beyondLatin1 = false;
            for (int i = 0, n = rawText.length(); i < n; i++) {
                char c = rawText.charAt(i);
                if (c == '\n') {
                    lf++;
                } else if (c == '\r') {
                    cr++;
                } else if (c >= 0x80) {
                    wide++; // two bytes in UTF-8 up to U+07FF
                    beyondLatin1 |= c >= 0x800;
                }
            }
            int bytes = beyondLatin1 ? org.siphint.sip.SipParser.utf8Length(rawText) : rawText.length() + wide;
            size = v = bytes + Math.max(0, lf - cr);
        }
        return v;
    }

    /** The parsed SDP body, or null. */
    public Sdp getSdp() {
        Sdp v = sdp;
        if (v == UNPARSED) {
            sdp = v = SdpParser.parse(sdpBody);
        }
        return v;
    }

    public boolean isHasSdp() {
        return getSdp() != null;
    }

    /** The direction of the first audio stream (sendrecv, sendonly, recvonly, inactive), or null. */
    public String getAudioDirection() {
        Sdp sdp = getSdp();
        Sdp.Media audio = sdp == null ? null : sdp.audio();
        return audio == null ? null : audio.direction();
    }

    /**
     * Whether the first audio stream is set up one way or not at all (sendonly, recvonly or
     * inactive) while not disabled (port 0 would mean the stream is refused, not one-way).
     */
    public boolean isOneWayAudio() {
        Sdp sdp = getSdp();
        Sdp.Media audio = sdp == null ? null : sdp.audio();
        return audio != null && audio.port() != 0 && !"sendrecv".equals(audio.direction());
    }

    /** The connection address of the first audio stream, or null. */
    public String getAudioAddress() {
        Sdp sdp = getSdp();
        Sdp.Media audio = sdp == null ? null : sdp.audio();
        return audio == null ? null : audio.address();
    }

    /** The offered audio codecs without the DTMF and comfort-noise helpers, or an empty list. */
    public List<String> getAudioCodecs() {
        Sdp sdp = getSdp();
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

    /**
     * The message as the log showed it, credentials redacted: the only way its text leaves the
     * event. Redacted on first use (most messages are never shown), then kept.
     */
    public String getText() {
        String v = text;
        if (v == UNSET) {
            text = v = Redactor.text(rawText);
        }
        return v;
    }

    /** The start line: {@code INVITE sip:bob@x SIP/2.0} or {@code SIP/2.0 488 Not Acceptable Here}. */
    public String getStartLine() {
        String text = getText();
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
