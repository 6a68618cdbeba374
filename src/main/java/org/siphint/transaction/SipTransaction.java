package org.siphint.transaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.kie.api.definition.type.Expires;
import org.kie.api.definition.type.Timestamp;
import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.SipMessage;
import org.siphint.sip.HeaderValues;
import org.siphint.sip.Sdp;

/**
 * One SIP transaction (RFC 3261 section 17) as one log shows it: a request, its retransmissions, the
 * provisional responses, the final response or the lack of one. It is a fact once it is over: at
 * its final response, or when no final response came in time (timer B/F, 64*T1 = 32 s, for a
 * request nothing answered at all).
 *
 * <p>Its time is the time it ended, so {@code this after[0s, 10s] $tx} means "within 10 s after the
 * answer". A challenge (401/407) waits for the request sent again with credentials: {@link #getRetry()}
 * is that next attempt, and a challenge whose retry got through is routine, never a fact.
 *
 * <p>Read-only to rules. The layer fills it while the transaction runs and hands it to the rule
 * engine once, finished.
 */
@org.kie.api.definition.type.Role(org.kie.api.definition.type.Role.Type.EVENT)
@Timestamp("timestamp")
@Expires("10m")
public final class SipTransaction extends LogEvent {

    /** RFC 3261 T1 (500 ms) times 64: how long a request waits for any answer (timers B and F). */
    public static final long TIMEOUT_MILLIS = 32_000;

    private final SipMessage request;
    private final boolean client;
    private int requestCopies = 1;
    private final List<SipMessage> provisionals = new ArrayList<>(2);
    private SipMessage finalResponse;
    private int finalCopies;
    private SipMessage ack;
    private SipMessage cancel;
    private boolean timedOut;
    private long endMillis;
    private Instant endTime;
    private boolean ended;
    private boolean resolved;
    private SipTransaction retry;
    private SipTransaction previous;
    private List<SipTransaction> answering;
    private SipTransaction counterpart;
    private boolean seenInOtherLog;
    private int peerAnsweredSize;
    private long peerAnsweredAt;
    private long peerHeardAt;

    SipTransaction(SipMessage request) {
        super(request.getTime(), request.getTimestamp(), request.getOrigin());
        this.request = request;
        this.client = request.isSent();
        this.endMillis = request.getTimestamp();
        this.endTime = request.getTime();
    }

    /** The transaction is over: its time becomes the time it ended. */
    void end(long millis, Instant time, boolean timedOut) {
        this.endMillis = millis;
        this.endTime = time;
        this.timedOut = timedOut;
        this.ended = true;
        settle(time, millis);
    }

    boolean isEnded() {
        return ended;
    }

    /** Whether the layer is done with it: ended, and a challenge's retries are settled too. */
    boolean isResolved() {
        return resolved;
    }

    void resolved() {
        this.resolved = true;
    }

    // ---- filled by the layer while the transaction runs ----

    void copyOfRequest() {
        requestCopies++;
    }

    void provisional(SipMessage response) {
        provisionals.add(response);
    }

    void finalResponse(SipMessage response) {
        this.finalResponse = response;
    }

    void copyOfFinal() {
        finalCopies++;
    }

    /** Takes the retransmission counts of a later snapshot of the same transaction. */
    void takeCopiesOf(SipTransaction later) {
        this.requestCopies = later.requestCopies;
        this.finalCopies = later.finalCopies;
    }

    void ack(SipMessage ack) {
        this.ack = ack;
    }

    void cancel(SipMessage cancel) {
        if (this.cancel == null) {
            this.cancel = cancel;
        }
    }

    void retry(SipTransaction next) {
        this.retry = next;
    }

    void previous(SipTransaction earlier) {
        if (previous == null || earlier.getCseq() > previous.getCseq()) {
            this.previous = earlier;
        }
        if (answering == null) {
            answering = new ArrayList<>(1);
        }
        answering.add(earlier);
    }

    /** The challenges this request answers (usually one; two when a phone moved on before a late challenge came). */
    List<SipTransaction> answering() {
        return answering == null ? List.of() : answering;
    }

    void counterpart(SipTransaction other) {
        this.counterpart = other;
    }

    void seenInOtherLog(boolean seen) {
        this.seenInOtherLog = seen;
    }

    // ---- what rules read ----

    /** The request's first copy. */
    public SipMessage getRequest() {
        return request;
    }

    /** The first copy of the final response, or null when none came. */
    public SipMessage getFinalResponse() {
        return finalResponse;
    }

    /** The provisional responses (1xx), first copies, in order. */
    public List<SipMessage> getProvisionals() {
        return Collections.unmodifiableList(provisionals);
    }

    /** The ACK that closed a non-2xx answer to an INVITE, or null. */
    public SipMessage getAck() {
        return ack;
    }

    /** The CANCEL of this INVITE that the log shows (sent or received), or null. */
    public SipMessage getCancel() {
        return cancel;
    }

    /** The final response when there is one, else the request: what a finding about this transaction shows first. */
    public SipMessage getSubject() {
        return finalResponse != null ? finalResponse : request;
    }

    public String getMethod() {
        return request.getMethod();
    }

    /** The leg's request says which call it was placed for ({@link SipMessage#getLegOf()}). */
    @Override
    public String getLegOf() {
        return request.getLegOf();
    }

    @Override
    public String getCallId() {
        return request.getCallId();
    }

    public long getCseq() {
        return request.getCseq();
    }

    public String getViaBranch() {
        return request.getViaBranch();
    }

    /** Whether the logging program sent the request (a client transaction). */
    public boolean isSent() {
        return client;
    }

    /** Whether the logging program received the request (a server transaction). */
    public boolean isReceived() {
        return !client;
    }

    public Direction getDirection() {
        return request.getDirection();
    }

    /** The other side: where the request went, or where it came from. */
    public String getPeer() {
        return request.getPeer();
    }

    public String getPeerHost() {
        return request.getPeerHost();
    }

    /** UDP, TCP, TLS, WS, WSS; null when the log does not say. */
    public String getTransport() {
        return request.getTransport();
    }

    public String getRequestUri() {
        return request.getRequestUri();
    }

    /** The user part of the Request-URI: the dialled number of an INVITE. */
    public String getRequestUser() {
        return request.getRequestUser();
    }

    public String getFromUri() {
        return request.getFromUri();
    }

    public String getToUri() {
        return request.getToUri();
    }

    /** The address of record the transaction speaks for, seen from the program that logged it. */
    public String getAccount() {
        return request.getAccount();
    }

    /** Whether the request opens a dialog or stands alone (no To tag): a new call, not a re-INVITE. */
    public boolean isInitial() {
        return request.getToTag() == null;
    }

    /** Whether the request carried Authorization or Proxy-Authorization. */
    public boolean isCredentials() {
        return request.isCredentials();
    }

    /** The final status, or 0 when no final response came. */
    public int getStatus() {
        return finalResponse == null ? 0 : finalResponse.getStatus();
    }

    public String getReason() {
        return finalResponse == null ? null : finalResponse.getReason();
    }

    /** Whether a final response of 200 to 299 came. */
    public boolean isSuccess() {
        int s = getStatus();
        return s >= 200 && s < 300;
    }

    /** Whether the final response is a challenge (401 or 407). */
    public boolean isChallenge() {
        int s = getStatus();
        return s == 401 || s == 407;
    }

    /**
     * Whether the final response asks for the request again, changed: a 401/407 challenge
     * (credentials), a 423 Interval Too Brief (a longer registration, RFC 3261 section 10.2.8) or a
     * 491 Request Pending (a re-INVITE that crossed the other side's, sent again after a random
     * wait, section 14.1). Such an answer followed by a retry that got through is routine.
     */
    public boolean isRetryAsked() {
        int s = getStatus();
        return s == 401 || s == 407 || s == 423 || s == 491;
    }

    /** Whether the challenge says {@code stale=true}: the nonce expired, the password was right. */
    public boolean isStaleChallenge() {
        return finalResponse != null && finalResponse.isStaleChallenge();
    }

    public String getChallengeRealm() {
        return finalResponse == null ? null : finalResponse.getChallengeRealm();
    }

    public String getCredentialsRealm() {
        return request.getCredentialsRealm();
    }

    /** Whether no final response came in time. */
    public boolean isTimedOut() {
        return timedOut;
    }

    /** Whether nothing at all answered the request: no response of any kind within 32 s. */
    public boolean isNoResponse() {
        return finalResponse == null && provisionals.isEmpty();
    }

    /**
     * The size in bytes of the last request this log's program sent to the same peer over the same
     * transport that got an answer within 10 minutes before this one began; 0 when none did. A
     * large request lost where a smaller one got through points at the size (UDP fragments dropped).
     */
    public int getPeerAnsweredSize() {
        return peerAnsweredSize;
    }

    /** When that answered request was sent (epoch ms), 0 when none was. */
    public long getPeerAnsweredAt() {
        return peerAnsweredAt;
    }

    void peerAnswered(int size, long at) {
        this.peerAnsweredSize = size;
        this.peerAnsweredAt = at;
    }

    /**
     * For a request this log's program sent: when a message from the same peer (over the same
     * transport) last reached it before the request went out (epoch ms), 0 when none did. Behind
     * NAT, a long silence lets the router forget the way in.
     */
    public long getPeerHeardAt() {
        return peerHeardAt;
    }

    void peerHeardAt(long at) {
        this.peerHeardAt = at;
    }

    /** How many times the request was sent or received in all (1 without retransmissions). */
    public int getRequestCopies() {
        return requestCopies;
    }

    /** How many times the final response was sent or received in all (0 without one). */
    public int getFinalCopies() {
        return finalResponse == null ? 0 : finalCopies + 1;
    }

    /** Whether a provisional response with this status came. */
    public boolean hasProvisional(int status) {
        for (SipMessage p : provisionals) {
            if (p.getStatus() == status) {
                return true;
            }
        }
        return false;
    }

    /** Whether the caller was given a ring tone: 180 to 182, or 183 with SDP (early media). */
    public boolean isRingback() {
        return ringbackMillis() >= 0;
    }

    /** The first 183 with SDP (early media), or null. */
    public SipMessage getEarlyMedia() {
        for (SipMessage p : provisionals) {
            if (p.getStatus() == 183 && p.isHasSdp()) {
                return p;
            }
        }
        return null;
    }

    /** The first 183 without SDP (progress that plays nothing), or null. */
    public SipMessage getSilentProgress() {
        for (SipMessage p : provisionals) {
            if (p.getStatus() == 183 && !p.isHasSdp()) {
                return p;
            }
        }
        return null;
    }

    /** The first 100 Trying, or null. */
    public SipMessage getTrying() {
        for (SipMessage p : provisionals) {
            if (p.getStatus() == 100) {
                return p;
            }
        }
        return null;
    }

    /**
     * Milliseconds from the request until the first response the caller can hear something by
     * (180 to 199 but 183 without SDP, 183 with SDP, or a final response), -1 when none came.
     */
    public long getFirstAudibleMillis() {
        for (SipMessage p : provisionals) {
            if (p.getStatus() > 100 && (p.getStatus() != 183 || p.isHasSdp())) {
                return p.getTimestamp() - request.getTimestamp();
            }
        }
        return finalResponse == null ? -1 : finalResponse.getTimestamp() - request.getTimestamp();
    }

    private long ringbackMillis() {
        for (SipMessage p : provisionals) {
            int s = p.getStatus();
            if (s >= 180 && s <= 182 || s == 183 && p.isHasSdp()) {
                return p.getTimestamp() - request.getTimestamp();
            }
        }
        return -1;
    }

    /** Milliseconds from the request until the CANCEL, -1 without one. */
    public long getCancelMillis() {
        return cancel == null ? -1 : cancel.getTimestamp() - request.getTimestamp();
    }

    /** Whether the logging program cancelled the INVITE itself. */
    public boolean isCancelSent() {
        return cancel != null && cancel.isSent();
    }

    /** Whether a CANCEL for this INVITE came to the logging program. */
    public boolean isCancelReceived() {
        return cancel != null && cancel.isReceived();
    }

    /** The engine time (epoch ms) the request was first seen. */
    public long getStartMillis() {
        return request.getTimestamp();
    }

    /** The engine time (epoch ms) the transaction ended: its final response, or when its time ran out. */
    public long getEndMillis() {
        return endMillis;
    }

    /** Log time of the end. */
    public Instant getEndTime() {
        return endTime;
    }

    /** Milliseconds from the request to the end. */
    public long getDurationMillis() {
        return endMillis - request.getTimestamp();
    }

    /** The request sent again after this challenge, 423 or 491 (same Call-ID and method, a higher CSeq), or null. */
    public SipTransaction getRetry() {
        return retry;
    }

    /** Whether the request was sent again after this challenge, 423 or 491. */
    public boolean isRetried() {
        return retry != null;
    }

    /**
     * Whether an attempt after this challenge (or 423, 491) got through: the chain of retries ends
     * in a final response that asks for nothing again (no challenge, 423 or 491) and is no 403.
     */
    public boolean isRetrySucceeded() {
        SipTransaction next = retry;
        for (int hops = 0; next != null && hops < 16; hops++) {
            if (next.finalResponse != null && !next.isRetryAsked() && next.getStatus() != 403) {
                return true;
            }
            next = next.retry;
        }
        return false;
    }

    /** The challenged attempt this request answers, or null. */
    public SipTransaction getPrevious() {
        return previous;
    }

    /** The same transaction as another log shows it (the far end's view), or null. */
    public SipTransaction getCounterpart() {
        return counterpart;
    }

    /** Whether another log in this run shows any message of this Call-ID (by the time this transaction ended). */
    public boolean isSeenInOtherLog() {
        return seenInOtherLog;
    }

    /** The SDP offer of the request, or null. */
    public Sdp getOffer() {
        return request.getSdp();
    }

    /** The offered audio codecs (without DTMF and comfort noise). */
    public List<String> getAudioCodecs() {
        return request.getAudioCodecs();
    }

    /** The codecs the final response lists (a 488 may say what would be accepted). */
    public List<String> getAnswerCodecs() {
        return finalResponse == null ? List.of() : finalResponse.getAudioCodecs();
    }

    /** Warning header of the final response, or null. */
    public String getWarning() {
        return finalResponse == null ? null : finalResponse.getWarning();
    }

    /** Reason header of the final response (a Q.850 cause), or null. */
    public String getReasonHeader() {
        return finalResponse == null ? null : finalResponse.getReasonHeader();
    }

    /** Retry-After of the final response, or null. */
    public String getRetryAfter() {
        return finalResponse == null ? null : finalResponse.getRetryAfter();
    }

    /** A Via sent-by the request shows twice (it went round a loop), or null. */
    public String getLoopHop() {
        return request.getRepeatedViaHop();
    }

    /**
     * Whether this request goes to the phone a registration bound: its Request-URI is the Contact
     * the registrar kept, or its To is the registered address of record and it went to the
     * address the registration came from.
     */
    public boolean isAddressedTo(Registration registration) {
        if (registration == null) {
            return false;
        }
        String target = HeaderValues.aor(request.getRequestUri());
        String contact = HeaderValues.aor(registration.getKeptContact() != null ? registration.getKeptContact()
                : registration.getContact());
        if (target != null && target.equalsIgnoreCase(contact)) {
            return true;
        }
        String aor = request.getToUri();
        return aor != null && aor.equalsIgnoreCase(registration.getAccount()) && request.getPeerHost() != null
                && request.getPeerHost().equalsIgnoreCase(registration.getPeerHost());
    }

    /** The messages that show this transaction, in order: request, final response. */
    public List<LogEvent> messages() {
        List<LogEvent> all = new ArrayList<>(2);
        all.add(request);
        if (finalResponse != null) {
            all.add(finalResponse);
        }
        return all;
    }

    @Override
    public String getEvidenceText() {
        return request.getEvidenceText() + (finalResponse != null ? " -> " + finalResponse.getStartLine()
                : timedOut ? " -> no answer" : "");
    }

    @Override
    public String toString() {
        return getMethod() + " " + getCallId() + "/" + getCseq() + " -> " + (finalResponse != null ? getStatus()
                : "none") + " at " + getOrigin();
    }
}
