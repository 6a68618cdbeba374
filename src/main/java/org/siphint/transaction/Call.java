package org.siphint.transaction;

import java.util.ArrayList;
import java.util.List;

import org.kie.api.definition.type.Expires;
import org.kie.api.definition.type.Timestamp;
import org.siphint.event.LogEvent;
import org.siphint.event.SipMessage;
import org.siphint.sip.Addresses;
import org.siphint.sip.HeaderValues;
import org.siphint.sip.Sdp;

/**
 * An answered call as one log shows it: the dialog (RFC 3261 section 12) an INVITE set up with a
 * 2xx, from the answer to the hang-up. It becomes a fact when the call is answered; the layer
 * updates it as the call goes on (the ACK, holds and resumes by re-INVITE or UPDATE, the BYE, an
 * ACK that never came), and takes it out of working memory a few minutes after it ended.
 *
 * <p>A call attempt that is never answered is no Call: its INVITE is a {@link SipTransaction}
 * with its final response. One Call per Call-ID and log (a forked call answered twice is rare
 * enough to show as one).
 */
@org.kie.api.definition.type.Role(org.kie.api.definition.type.Role.Type.EVENT)
@Timestamp("timestamp")
@Expires("4h")
public final class Call extends LogEvent {

    /** How long an answer waits for its ACK before the callee gives up (64*T1, timer H's span). */
    public static final long ACK_TIMEOUT_MILLIS = 32_000;

    private final SipTransaction invite;
    private final SipMessage answer;
    private SipMessage ack;
    private boolean ackTimedOut;
    private SipMessage bye;
    private long endedMillis;
    private boolean callerHungUpFirst;
    private boolean everOneWay;
    private int holds;
    private final List<SipMessage> sdpMessages = new ArrayList<>(4);

    Call(SipTransaction invite) {
        super(invite.getFinalResponse().getTime(), invite.getFinalResponse().getTimestamp(),
                invite.getRequest().getOrigin());
        this.invite = invite;
        this.answer = invite.getFinalResponse();
        sdp(invite.getRequest());
        for (SipMessage p : invite.getProvisionals()) {
            sdp(p);
        }
        sdp(answer);
    }

    // ---- filled by the layer ----

    /** Keeps what a message of the dialog says about the media; answers whether it changed a watched field. */
    boolean sdp(SipMessage m) {
        if (m == null || !m.isHasSdp()) {
            return false;
        }
        if (sdpMessages.size() < 16) {
            sdpMessages.add(m);
        }
        String direction = m.getAudioDirection();
        if (direction != null && !"sendrecv".equals(direction) && !everOneWay) {
            everOneWay = true;
            return true;
        }
        return false;
    }

    void hold() {
        holds++;
    }

    void ack(SipMessage ack) {
        this.ack = ack;
    }

    void ackTimedOut() {
        this.ackTimedOut = true;
    }

    void bye(SipMessage bye) {
        this.bye = bye;
        this.endedMillis = bye.getTimestamp();
    }

    void callerHungUp() {
        this.callerHungUpFirst = true;
    }

    /** The messages whose SDP this call kept (for the fleet's wire format). */
    List<SipMessage> sdpMessages() {
        return java.util.Collections.unmodifiableList(sdpMessages);
    }

    /** Sets the media seen as a snapshot of the same call says (the fleet's central worker). */
    void restoreMedia(List<SipMessage> messages, boolean oneWay) {
        sdpMessages.clear();
        sdpMessages.addAll(messages.subList(0, Math.min(messages.size(), 16)));
        everOneWay = oneWay;
    }

    /** Takes what a later snapshot of the same call knows: the ACK, holds, the hang-up. */
    void takeStateOf(Call later) {
        this.ack = later.ack;
        this.ackTimedOut = later.ackTimedOut;
        this.bye = later.bye;
        this.endedMillis = later.endedMillis;
        this.callerHungUpFirst = later.callerHungUpFirst;
        this.everOneWay = later.everOneWay;
        this.holds = later.holds;
        this.sdpMessages.clear();
        this.sdpMessages.addAll(later.sdpMessages);
        this.invite.takeCopiesOf(later.invite);
    }

    // ---- what rules read ----

    /** The INVITE transaction that set the call up (request, provisionals, the 2xx). */
    public SipTransaction getInvite() {
        return invite;
    }

    /** The first copy of the 2xx that answered the call. */
    public SipMessage getAnswer() {
        return answer;
    }

    /** A call on a B2BUA's linked leg was placed for the call its INVITE names. */
    @Override
    public String getLegOf() {
        return invite.getLegOf();
    }

    @Override
    public String getCallId() {
        return invite.getCallId();
    }

    /** Whether the logging program placed the call (it sent the INVITE). */
    public boolean isOutgoing() {
        return invite.isSent();
    }

    /** Whether the logging program was called (it received the INVITE). */
    public boolean isIncoming() {
        return invite.isReceived();
    }

    /** The engine time (epoch ms) of the answer. */
    public long getAnsweredAt() {
        return answer.getTimestamp();
    }

    /** The ACK of the answer, or null while none came. */
    public SipMessage getAck() {
        return ack;
    }

    public boolean isAcknowledged() {
        return ack != null;
    }

    /**
     * Whether the answer this program sent was never acknowledged within 32 s while the caller did
     * not hang up meanwhile: the callee side gives up on such a call.
     */
    public boolean isAckTimedOut() {
        return ackTimedOut;
    }

    /** How many times the 2xx was sent or received (retransmitted until the ACK comes). */
    public int getAnswerCopies() {
        return invite.getFinalCopies();
    }

    /** The BYE that ended the call, or null while it goes on. */
    public SipMessage getBye() {
        return bye;
    }

    public boolean isEnded() {
        return bye != null;
    }

    /** The engine time (epoch ms) of the hang-up, 0 while the call goes on. */
    public long getEndedAt() {
        return endedMillis;
    }

    /** Whether the call was up at an engine time: answered by then and not yet hung up. */
    public boolean isUpAt(long millis) {
        return getAnsweredAt() <= millis && (bye == null || endedMillis >= millis);
    }

    /** Who hung up: {@code local} (this program sent the BYE), {@code remote}, or null while it goes on. */
    public String getEndedBy() {
        return bye == null ? null : bye.isSent() ? "local" : "remote";
    }

    /** Whether a caller hung up before the answer was acknowledged (not a lost ACK). */
    public boolean isCallerHungUpFirst() {
        return callerHungUpFirst;
    }

    /** Times the call was put on hold or made one-way by a re-INVITE or UPDATE. */
    public int getHolds() {
        return holds;
    }

    /**
     * Whether any SDP of the call (offer, answer, early media, re-INVITE, UPDATE) set the audio to
     * sendonly, recvonly or inactive: silence one way is then what someone chose.
     */
    public boolean isEverOneWay() {
        return everOneWay;
    }

    /** The offer of the INVITE, or null. */
    public Sdp getOffer() {
        return invite.getRequest().getSdp();
    }

    /** The SDP of the answer, or null. */
    public Sdp getAnswerSdp() {
        return answer.getSdp();
    }

    /** Whether the call was set up one way: the offer or its answer on a live audio stream is not sendrecv. */
    public boolean isOneWayAtSetup() {
        return invite.getRequest().isOneWayAudio() || answer.isOneWayAudio();
    }

    /** The message of the setup that is one way (the offer first), or null. */
    public SipMessage getOneWaySetup() {
        return invite.getRequest().isOneWayAudio() ? invite.getRequest() : answer.isOneWayAudio() ? answer : null;
    }

    /** The far end's SDP message: the answer on a call placed here, the offer on a call received. */
    public SipMessage getFarSdp() {
        return isOutgoing() ? answer : invite.getRequest();
    }

    /** The c= address of the far end's audio, or null. */
    public String getRemoteMediaHost() {
        return getFarSdp().getAudioAddress();
    }

    /** The signalling peer's host. */
    public String getPeerHost() {
        return answer.getPeerHost();
    }

    public String getPeer() {
        return answer.getPeer();
    }

    /**
     * A message of the far end that came from a public address while its SDP names a private one:
     * its audio cannot reach a public peer. Null when there is none.
     */
    public SipMessage getPrivateFarSdp() {
        for (SipMessage m : sdpMessages) {
            if (m.isReceived() && m.getPeerHost() != null && m.getAudioAddress() != null
                    && Addresses.isPrivate(m.getAudioAddress()) && Addresses.isPublic(m.getPeerHost())) {
                return m;
            }
        }
        return null;
    }

    /** The user part of this side's address (From of a call placed, To of a call received). */
    public String getLocalUser() {
        SipMessage inv = invite.getRequest();
        return HeaderValues.user(invite.isSent() ? inv.getFrom() : inv.getTo());
    }

    /** The user part of the other side's address. */
    public String getRemoteUser() {
        SipMessage inv = invite.getRequest();
        return HeaderValues.user(invite.isSent() ? inv.getTo() : inv.getFrom());
    }

    /** Whether {@code endpoint} (an Asterisk channel's endpoint name) is either side of this call. */
    public boolean isEndpoint(String endpoint) {
        return endpoint != null && (endpoint.equals(getLocalUser()) || endpoint.equals(getRemoteUser()));
    }

    public String getAccount() {
        return invite.getAccount();
    }

    @Override
    public String getEvidenceText() {
        return answer.getEvidenceText();
    }

    @Override
    public String toString() {
        return "call " + getCallId() + (isEnded() ? " ended" : "") + " at " + getOrigin();
    }
}
