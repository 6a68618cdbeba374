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

    private final SipTransaction first;
    private SipTransaction last;
    private int refreshes;
    private boolean removed;
    private final boolean challenged;

    Registration(SipTransaction accepted) {
        super(accepted.getEndTime(), accepted.getEndMillis(), accepted.getRequest().getOrigin());
        this.first = accepted;
        this.last = accepted;
        this.challenged = accepted.getPrevious() != null;
    }

    void refreshed(SipTransaction accepted) {
        this.last = accepted;
        refreshes++;
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
