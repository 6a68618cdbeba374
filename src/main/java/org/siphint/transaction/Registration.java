package org.siphint.transaction;

import org.kie.api.definition.type.Expires;
import org.kie.api.definition.type.Timestamp;
import org.siphint.event.LogEvent;
import org.siphint.event.SipMessage;
import org.siphint.sip.HeaderValues;

/**
 * A registration binding (RFC 3261 section 10) as one log shows it: an address of record bound to
 * a Contact at a registrar, from the first REGISTER the registrar accepted. It becomes a fact at that
 * acceptance; refreshes and the removal update it. A REGISTER that is refused or never answered
 * is a {@link SipTransaction} instead, and a challenge answered with credentials and accepted is
 * part of the binding ({@link #isChallenged()}), not a fact of its own.
 *
 * <p>One binding per log, address of record and Contact: the phone's view (it sent the REGISTER)
 * or the registrar's (it received it).
 */
@org.kie.api.definition.type.Role(org.kie.api.definition.type.Role.Type.EVENT)
@Timestamp("timestamp")
@Expires("4h")
public final class Registration extends LogEvent {

    /**
     * How long past its expiry a binding may go unrefreshed before it counts as run out: registrars
     * keep a binding to its expiry, and a refresh can be a few retransmissions late.
     */
    public static final long RUN_OUT_GRACE_MILLIS = 32_000;
    /**
     * How soon after the binding ran out the program must be seen working for that to count as a
     * lapse: a program silent for longer was asleep or closed (a laptop lid, a suspended app).
     */
    public static final long RUN_OUT_SEEN_MILLIS = 10 * 60_000;
    /** Acceptance times kept for the rules (the latest ones). */
    static final int KEPT_ACCEPTANCES = 32;

    private final SipTransaction first;
    private SipTransaction last;
    private int refreshes;
    private boolean removed;
    private final boolean challenged;
    private final long[] acceptances = new long[KEPT_ACCEPTANCES];
    private int accepted;
    private boolean ranOut;
    private long ranOutAt;
    private SipMessage ranOutSeen;

    Registration(SipTransaction accepted) {
        super(accepted.getEndTime(), accepted.getEndMillis(), accepted.getRequest().getOrigin());
        this.first = accepted;
        this.last = accepted;
        SipTransaction previous = accepted.getPrevious();
        this.challenged = previous != null && previous.isChallenge();
        accepted(accepted);
    }

    void refreshed(SipTransaction accepted) {
        ranOut = false;
        this.last = accepted;
        refreshes++;
        accepted(accepted);
    }

    void removed(SipTransaction accepted) {
        this.last = accepted;
        this.removed = true;
    }

    /** Takes what a later snapshot of the same binding knows: its refreshes, its removal. */
    void takeStateOf(Registration later) {
        this.last = later.last;
        this.refreshes = later.refreshes;
        this.removed = later.removed;
    }

    /** The first REGISTER transaction the registrar accepted. */
    public SipTransaction getFirst() {
        return first;
    }

    /** The latest accepted REGISTER transaction (a refresh, or the removal). */
    public SipTransaction getLast() {
        return last;
    }

    /** The REGISTER as sent (its Contact is what the phone asked for). */
    public SipMessage getRequest() {
        return first.getRequest();
    }

    /** The registrar's 2xx (its Contact is what the registrar kept). */
    public SipMessage getAccepted() {
        return first.getFinalResponse();
    }

    @Override
    public String getCallId() {
        return first.getCallId();
    }

    /** The registered address of record (the To of the REGISTER). */
    public String getAccount() {
        return first.getRequest().getToUri();
    }

    /** Whether the logging program registered (the phone's view) rather than being the registrar. */
    public boolean isSent() {
        return first.isSent();
    }

    /** Whether the logging program is the registrar (it received the REGISTER). */
    public boolean isReceived() {
        return first.isReceived();
    }

    /** The registrar, or the phone's address as the registrar saw it. */
    public String getPeer() {
        return first.getPeer();
    }

    public String getPeerHost() {
        return first.getPeerHost();
    }

    /** The Contact the REGISTER asked for. */
    public String getContact() {
        return first.getRequest().getContact();
    }

    public String getContactHost() {
        return first.getRequest().getContactHost();
    }

    public String getContactUser() {
        return first.getRequest().getContactUser();
    }

    /** The Contact the registrar's 2xx lists: what it will send calls to. */
    public String getKeptContact() {
        return getAccepted().getContact();
    }

    public String getKeptContactHost() {
        return getAccepted().getContactHost();
    }

    /** The top Via's {@code received} in the registrar's answer: the source address it saw, or null. */
    public String getViaReceived() {
        return getAccepted().getViaReceived();
    }

    /** The lifetime the registrar granted in seconds (-1 when it did not say). */
    public int getExpires() {
        return last.getFinalResponse().getExpires() >= 0 ? last.getFinalResponse().getExpires()
                : last.getRequest().getExpires();
    }

    private void accepted(SipTransaction tx) {
        acceptances[accepted++ % KEPT_ACCEPTANCES] = tx.getEndMillis();
    }

    /**
     * Whether a message at an engine time shows the program working after the binding ran out:
     * more than {@link #RUN_OUT_GRACE_MILLIS} past the end of its lifetime (counted from its latest
     * acceptance), and no more than {@link #RUN_OUT_SEEN_MILLIS} past that.
     */
    boolean ranOutBy(long millis) {
        int expires = getExpires();
        if (removed || expires <= 0) {
            return false;
        }
        long late = millis - (getRefreshedAt() + expires * 1000L);
        return late > RUN_OUT_GRACE_MILLIS && late <= RUN_OUT_GRACE_MILLIS + RUN_OUT_SEEN_MILLIS;
    }

    /** The program logged {@code seen} after the binding had run out unrefreshed. */
    void ranOut(SipMessage seen) {
        this.ranOut = true;
        this.ranOutAt = getRefreshedAt() + getExpires() * 1000L;
        this.ranOutSeen = seen;
    }

    /**
     * Whether the binding ran out unrefreshed while the program that registered it kept logging
     * (judged on that program's own log; cleared by a late refresh).
     */
    public boolean isRanOut() {
        return ranOut;
    }

    /** Engine time (epoch ms) at which the binding ran out, or 0. */
    public long getRanOutAt() {
        return ranOutAt;
    }

    /** The first message the program logged after its binding had run out, or null. */
    public SipMessage getRanOutSeen() {
        return ranOutSeen;
    }

    /** The Expires the phone asked for in its latest REGISTER (-1 when it did not say). */
    public int getRequestedExpires() {
        return last.getRequest().getExpires();
    }

    /** Engine times (epoch ms) of the latest acceptances, oldest first (at most {@value #KEPT_ACCEPTANCES}). */
    public long[] acceptanceTimes() {
        int n = Math.min(accepted, KEPT_ACCEPTANCES);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = acceptances[(accepted - n + i) % KEPT_ACCEPTANCES];
        }
        return out;
    }

    /**
     * How many of the given failed REGISTER transactions the binding came back from: failures after
     * which it was accepted again before the next failure. A binding that keeps being lost and
     * regained (flapping) comes back from most of them.
     */
    public int recoveriesFrom(java.util.Collection<?> failures) {
        long[] times = acceptanceTimes();
        long[] ends = failures.stream().filter(SipTransaction.class::isInstance).map(SipTransaction.class::cast)
                .mapToLong(SipTransaction::getEndMillis).sorted().toArray();
        int recoveries = 0;
        for (int i = 0; i < ends.length; i++) {
            long from = ends[i];
            long to = i + 1 < ends.length ? ends[i + 1] : Long.MAX_VALUE;
            for (long t : times) {
                if (t > from && t <= to) {
                    recoveries++;
                    break;
                }
            }
        }
        return recoveries;
    }

    /** Whether exactly one acceptance of the binding came after an engine time (the first one since). */
    public boolean isAcceptedOnceAfter(long millis) {
        int after = 0;
        for (long t : acceptanceTimes()) {
            if (t > millis) {
                after++;
            }
        }
        return after == 1;
    }

    /**
     * How often the acceptances of this binding and of {@code other} took turns since an engine
     * time (A, B, A is two turns): two registrations for one account alternating.
     */
    public int turnsWith(Registration other, long sinceMillis) {
        long[] mine = acceptanceTimes();
        long[] theirs = other.acceptanceTimes();
        int i = 0;
        int j = 0;
        int turns = 0;
        int lastSide = 0;
        while (i < mine.length || j < theirs.length) {
            int side;
            long t;
            if (j >= theirs.length || i < mine.length && mine[i] <= theirs[j]) {
                side = 1;
                t = mine[i++];
            } else {
                side = 2;
                t = theirs[j++];
            }
            if (t < sinceMillis) {
                continue;
            }
            if (lastSide != 0 && side != lastSide) {
                turns++;
            }
            lastSide = side;
        }
        return turns;
    }

    /**
     * Whether {@code other} replaced this binding: its latest acceptance came while this one was
     * still active, and the registrar's 2xx to it lists every binding it keeps (RFC 3261 section
     * 10.3) without this one's Contact.
     */
    public boolean isReplacedBy(Registration other) {
        long at = other.getRefreshedAt();
        if (at < getRefreshedAt() || !isActiveAt(at)) {
            return false;
        }
        String mine = HeaderValues.aor(getContact());
        if (mine == null) {
            return false;
        }
        for (String kept : other.last.getFinalResponse().getContacts()) {
            if (mine.equalsIgnoreCase(HeaderValues.aor(kept))) {
                return false;
            }
        }
        return !other.last.getFinalResponse().getContacts().isEmpty();
    }

    /** Whether the first acceptance followed a challenge answered with credentials. */
    public boolean isChallenged() {
        return challenged;
    }

    /** Engine time (epoch ms) of the first acceptance. */
    public long getRegisteredAt() {
        return first.getEndMillis();
    }

    /** Engine time (epoch ms) of the latest acceptance. */
    public long getRefreshedAt() {
        return last.getEndMillis();
    }

    public int getRefreshes() {
        return refreshes;
    }

    /** Whether the phone removed the binding (a REGISTER with expires 0 accepted). */
    public boolean isRemoved() {
        return removed;
    }

    /** Whether the binding held at an engine time: accepted by then and neither removed nor run out. */
    public boolean isActiveAt(long millis) {
        if (getRegisteredAt() > millis || removed && getRefreshedAt() <= millis) {
            return false;
        }
        int expires = getExpires();
        return expires < 0 || getRefreshedAt() + expires * 1000L + 32_000 >= millis;
    }

    /** The host of the Contact in the URI form, for matching an INVITE's Request-URI. */
    public String getContactAor() {
        return HeaderValues.aor(getKeptContact() != null ? getKeptContact() : getContact());
    }

    @Override
    public String getEvidenceText() {
        return getAccepted().getEvidenceText();
    }

    @Override
    public String toString() {
        return "registration of " + getAccount() + " at " + getOrigin();
    }
}
