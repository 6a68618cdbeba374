package org.siphint.transaction;

import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.siphint.event.LogNotice;
import org.siphint.event.SipMessage;
import org.siphint.transaction.TimerQueue.Timer;
import org.siphint.util.BoundedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does a SIP stack's transaction, dialog and registration work over what logs show, so that rules
 * see SIP's own units instead of every message: requests matched to their responses, ACK and
 * CANCEL (RFC 3261 section 17), retransmissions counted, timers B/F for requests nothing answered,
 * answered calls followed to their hang-up (section 12), bindings followed through their refreshes
 * (section 10), and the same transaction linked across logs.
 *
 * <p>Routine units stay out of working memory: a transaction that succeeded is summarised by its
 * {@link Call} or {@link Registration} (or needs no fact at all, as an OPTIONS keep-alive), and so
 * is a challenge whose retry with credentials got through (or a 423 or 491 whose retry did). Every other transaction becomes one
 * {@link SipTransaction} fact when it is over.
 *
 * <p>Driven by log time: {@link #accept} takes messages in log order, {@link #advanceTo} runs the
 * timers that fall due while nothing is logged. Not thread-safe: one thread owns a layer.
 */
public final class TransactionLayer {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionLayer.class);

    /** An INVITE with provisional responses waits this long for its final one (timer C's span). */
    static final long INVITE_PROCEEDING_MILLIS = 180_000;
    /** A transaction's copies may still come this long after it ended (64*T1, as timer J and K). */
    static final long LINGER_MILLIS = 64_000;
    /** Below this many timers (or chores) the queues are never swept. */
    static final int MIN_SWEEP = 4_096;
    /**
     * An ended call stays a fact this long: end-of-call media reports come after the BYE, and a
     * rule that found no call for an event (or counted the calls) must not be woken by the call
     * leaving before that event has expired (events live 10 minutes).
     */
    static final long CALL_AFTERLIFE_MILLIS = 11 * 60_000;
    /** A call whose hang-up the log never shows is let go after this long. */
    static final long CALL_MAX_MILLIS = 4 * 3_600_000L;
    /** Call-IDs remembered for correlating logs. */
    static final long SIGHTING_MILLIS = 10 * 60_000;
    /**
     * How long a challenge waits for the request sent again with credentials. Phones answer a
     * challenge at once; a wrong password should pop up while the user still looks at the phone.
     */
    static final long CHALLENGE_RETRY_MILLIS = 10_000;
    /**
     * Bounds for a flood. A transaction with its messages costs about 4 KB of heap, a call about as
     * much, so the bounds follow the heap the JVM may use: a fifth of it for transactions, a tenth
     * for calls (the desktop daemon's 128 MB heap: 6,553 and 3,276). Past a bound, ended units that
     * only linger (a transaction for its late copies, a call for its late media reports) leave
     * early, oldest first; only when none lingers are new units not followed (a warning says so once).
     */
    static final int MAX_TRANSACTIONS = (int) Math.max(5_000,
            Math.min(100_000, Runtime.getRuntime().maxMemory() / 5 / 4096));
    static final int MAX_CALLS = (int) Math.max(2_000, Math.min(50_000, Runtime.getRuntime().maxMemory() / 10 / 4096));
    static final int MAX_BINDINGS = 50_000;
    static final int MAX_SIGHTINGS = 200_000;
    static final int MAX_PEERS = 10_000;
    /** How far back an answered request to the same peer counts as proof that the path works. */
    static final long PEER_ANSWERED_MILLIS = 10 * 60_000;

    private final UnitSink sink;
    private final Map<Key, SipTransaction> transactions = new HashMap<>();
    /** Ended transactions in the order they ended: the first to go when the bound is reached. */
    private final ArrayDeque<Ended> ended = new ArrayDeque<>();
    /** Ended calls in the order they ended, likewise. */
    private final ArrayDeque<Call> endedCalls = new ArrayDeque<>();
    private final Map<ChallengeKey, List<SipTransaction>> challenges = new HashMap<>();
    private final Map<SameKey, List<SipTransaction>> sameTransaction = new HashMap<>();
    private final Map<CallKey, List<Call>> calls = new HashMap<>();
    private int callCount;
    private final Map<BindingKey, Registration> bindings = new HashMap<>();
    /** The bindings each log's own program holds at a registrar (it sent the REGISTER), by file. */
    private final Map<String, List<Registration>> ownBindings = new HashMap<>();
    private final LinkedHashMap<String, Sighting> sightings = new LinkedHashMap<>();
    /**
     * A B2BUA's failed legs (its INVITE to a trunk, refused or unanswered) by the call they were
     * placed for, so that the failure it then passed on to the phone is not a second fact.
     */
    private final LinkedHashMap<CallKey, SipTransaction> failedLegs = BoundedMap.droppingOldest(MAX_PEERS);
    /**
     * Per log and peer (and transport), the last request this log's program sent there that got an
     * answer: its size and time. Bounded by dropping the least recently answered.
     */
    private final LinkedHashMap<Peer, long[]> answeredBy = BoundedMap.droppingLeastRecentlyUsed(MAX_PEERS);
    /** Per log and peer (and transport), when a message last came from there. Bounded the same way. */
    private final LinkedHashMap<Peer, Long> heardFrom = BoundedMap.droppingLeastRecentlyUsed(MAX_PEERS);
    /** Timers whose end the rules may hear of: a request timing out, a challenge or an answer left unanswered. */
    private final TimerQueue timers = new TimerQueue();
    /** Housekeeping: forgetting ended transactions, letting old calls go. Nothing waits for these. */
    private final TimerQueue chores = new TimerQueue();
    private final int maxTransactions;
    private final int maxCalls;
    private long timerSeq;
    private int timerSweepAt = MIN_SWEEP;
    private int choreSweepAt = MIN_SWEEP;
    private long now = Long.MIN_VALUE;
    private long untracked;
    private long emitted;

    public TransactionLayer(UnitSink sink) {
        this(sink, MAX_TRANSACTIONS, MAX_CALLS);
    }

    /** With other bounds than the heap's (tests: a flood many times the bounds, in little time). */
    TransactionLayer(UnitSink sink, int maxTransactions, int maxCalls) {
        this.sink = sink;
        this.maxTransactions = maxTransactions;
        this.maxCalls = maxCalls;
    }

    /** What identifies a transaction in one log (RFC 3261 17.1.3 and 17.2.3, with the Call-ID and CSeq of RFC 2543). */
    private record Key(String file, boolean client, String callId, long cseq, String method, String branch) {
    }

    // Keys are records, not joined strings: the parts' hashes are cached in their strings, and a
    // lookup allocates one small object instead of copying a log's path and a Call-ID.

    /** A dialog's messages in one log (a proxy or B2BUA that keeps the Call-ID has two legs under one key). */
    private record CallKey(String file, String callId) {
        static CallKey of(SipMessage m) {
            return new CallKey(m.getFile(), m.getCallId());
        }
    }

    /** One transaction in every log: the views of the PBX that sent it and of the phone that received it. */
    private record SameKey(String callId, long cseq, String method) {
        static SameKey of(SipTransaction tx) {
            return new SameKey(tx.getCallId(), tx.getCseq(), tx.getMethod());
        }
    }

    /** The requests of one log and side that a challenge asked to send again. */
    private record ChallengeKey(String file, boolean sent, String callId, String method) {
        static ChallengeKey of(SipTransaction tx) {
            return new ChallengeKey(tx.getFile(), tx.isSent(), tx.getCallId(), tx.getMethod());
        }
    }

    /** A binding as one log sees it: the address of record and the Contact's, lower case. */
    private record BindingKey(String file, boolean sent, String addressOfRecord, String contact) {
    }

    private record Sighting(long first, Map<String, org.siphint.event.Role> files) {
    }

    /** A peer as one log's program sees it: the log, the transport and the address. */
    private record Peer(String file, String transport, String address) {
    }

    /** Takes the next message in log order. */
    public void accept(SipMessage m) {
        advanceTo(m.getTimestamp());
        String callId = m.getCallId();
        String method = m.getMethod();
        if (callId == null || method == null || m.getDirection() == null) {
            return;
        }
        sighted(m);
        ranOut(m);
        if (m.isRequest()) {
            request(m, method);
        } else {
            response(m, method);
        }
        if (m.isReceived() && m.getPeer() != null) {
            heardFrom.put(new Peer(m.getFile(), m.getTransport(), m.getPeer()), m.getTimestamp());
        }
    }

    /** Runs every timer due at or before {@code millis}: transactions nothing answered, calls never acknowledged. */
    public void advanceTo(long millis) {
        for (int i = 0; i < 10_000_000; i++) {
            Timer t = earliest(millis);
            if (t == null) {
                break;
            }
            now = Math.max(now, t.due());
            t.action().run();
        }
        now = Math.max(now, millis);
    }

    /** Takes the earliest timer or chore due at or before {@code millis}, or null. */
    private Timer earliest(long millis) {
        Timer timer = timers.peek();
        Timer chore = chores.peek();
        if (chore != null && chore.due() <= millis && (timer == null || chore.compareTo(timer) < 0)) {
            return chores.poll();
        }
        return timer != null && timer.due() <= millis ? timers.poll() : null;
    }

    /**
     * When the next timer whose end the rules may hear of falls due (engine time),
     * {@link Long#MAX_VALUE} when none is set. Housekeeping is left out: nothing waits for it.
     */
    /** The layer's clock: the log time it last moved to (epoch millis). */
    public long now() {
        return now;
    }

    public long nextDue() {
        while (!timers.isEmpty() && !timers.peek().pending().getAsBoolean()) {
            timers.poll();
        }
        return timers.isEmpty() ? Long.MAX_VALUE : timers.peek().due();
    }

    /** Units handed to the rule engine so far (inserted, not counting updates). */
    public long emitted() {
        return emitted;
    }

    /** Transactions being followed now (a bound that must hold under a flood). */
    public int running() {
        return transactions.size();
    }

    // ---------------------------------------------------------------- requests

    private void request(SipMessage m, String method) {
        boolean client = m.isSent();
        if (method.equals("ACK")) {
            ack(m, client);
            return;
        }
        Key key = new Key(m.getFile(), client, m.getCallId(), m.getCseq(), method, m.getViaBranch());
        SipTransaction tx = transactions.get(key);
        if (tx != null) {
            tx.copyOfRequest();
            m.markRetransmission();
            return;
        }
        while (transactions.size() >= maxTransactions && !ended.isEmpty()) {
            Ended oldest = ended.pollFirst();
            forget(oldest.key(), oldest.tx());
        }
        if (transactions.size() >= maxTransactions) {
            if (untracked++ == 0) {
                LOG.warn("more than {} SIP transactions at once (a flood?): further ones are not followed",
                        maxTransactions);
            }
            return;
        }
        SipTransaction created = new SipTransaction(m);
        transactions.put(key, created);
        if (client) {
            Long heard = heardFrom.get(new Peer(m.getFile(), m.getTransport(), m.getPeer()));
            if (heard != null) {
                created.peerHeardAt(heard);
            }
        }
        linkSameTransaction(created);
        switch (method) {
            case "CANCEL" -> cancel(m, client);
            case "BYE" -> bye(m);
            case "INVITE", "UPDATE" -> {
                if (m.getToTag() != null) {
                    midCall(m);
                }
            }
            default -> {
            }
        }
        if (!method.equals("CANCEL")) {
            retryOf(created);
        }
        atWeak(m.getTimestamp() + SipTransaction.TIMEOUT_MILLIS, created, t -> timeout(key, t), t -> !t.isEnded());
    }

    private void timeout(Key key, SipTransaction tx) {
        if (tx.isEnded()) {
            return;
        }
        if (tx.getMethod().equals("INVITE") && !tx.getProvisionals().isEmpty()
                && now < tx.getStartMillis() + INVITE_PROCEEDING_MILLIS) {
            // an INVITE that rings waits for its answer beyond timer B
            atWeak(tx.getStartMillis() + INVITE_PROCEEDING_MILLIS, tx, t -> timeout(key, t), t -> !t.isEnded());
            return;
        }
        long end = now;
        if (tx.isSent() && tx.isNoResponse()) {
            long[] answered = answeredBy.get(peerKey(tx));
            if (answered != null && answered[1] >= tx.getStartMillis() - PEER_ANSWERED_MILLIS) {
                tx.peerAnswered((int) answered[0], answered[1]);
            }
        }
        tx.end(end, tx.getRequest().getTime().plusMillis(end - tx.getStartMillis()), true);
        forgetLater(key, tx, end);
        legEnded(tx);
        settle(tx);
    }

    private static Peer peerKey(SipTransaction tx) {
        return new Peer(tx.getFile(), tx.getTransport(), tx.getPeer());
    }

    private void ack(SipMessage m, boolean client) {
        SipTransaction invite = transactions.get(new Key(m.getFile(), client, m.getCallId(), m.getCseq(), "INVITE",
                m.getViaBranch()));
        if (invite != null && invite.getFinalResponse() != null && !invite.isSuccess()) {
            // the ACK of a refusal belongs to the INVITE's transaction (RFC 3261 17.1.1.3)
            if (invite.getAck() == null) {
                invite.ack(m);
            } else {
                m.markRetransmission();
            }
            return;
        }
        Call call = callOf(m);
        if (call == null) {
            return;
        }
        if (call.isAcknowledged()) {
            m.markRetransmission();
            return;
        }
        call.ack(m);
        if (call.sdp(m)) {
            sink.update(call);
        } else {
            sink.update(call, "ack", "acknowledged");
        }
    }

    private void cancel(SipMessage m, boolean client) {
        SipTransaction invite = transactions.get(new Key(m.getFile(), client, m.getCallId(), m.getCseq(), "INVITE",
                m.getViaBranch()));
        if (invite != null) {
            invite.cancel(m);
        }
        Call call = callOf(m);
        if (call != null && !call.isAcknowledged() && m.isReceived() && call.isIncoming()) {
            call.callerHungUp(); // a CANCEL that crossed the answer: the caller gave up, no ACK is lost
        }
    }

    private void bye(SipMessage m) {
        Call call = callOf(m);
        if (call == null || call.isEnded()) {
            return;
        }
        call.bye(m);
        if (!call.isAcknowledged() && m.isReceived() && call.isIncoming()
                && Objects.equals(m.getFromTag(), call.getInvite().getRequest().getFromTag())) {
            call.callerHungUp(); // a proxy relays the callee's own BYE too: only the caller's counts
        }
        sink.update(call, "bye", "ended", "endedAt", "endedBy", "callerHungUpFirst");
        endedCalls.addLast(call);
        WeakReference<Call> weak = new WeakReference<>(call);
        chore(m.getTimestamp() + CALL_AFTERLIFE_MILLIS, () -> {
            Call c = weak.get();
            if (c == null) {
                return; // let go early under a flood
            }
            if (endedCalls.peekFirst() == c) {
                endedCalls.pollFirst();
            }
            retire(c);
        }, () -> {
            Call c = weak.get();
            List<Call> legs = c == null ? null : calls.get(CallKey.of(c.getInvite().getRequest()));
            return legs != null && legs.contains(c);
        });
    }

    /** A re-INVITE or UPDATE: a hold, a resume, a new offer. */
    private void midCall(SipMessage m) {
        Call call = callOf(m);
        if (call == null) {
            return;
        }
        boolean changed = call.sdp(m);
        if (m.isOneWayAudio()) {
            call.hold();
            changed = true;
        }
        if (changed) {
            sink.update(call);
        }
    }

    /**
     * Links a request sent after a challenge, a 423 or a 491 (same Call-ID and method, a higher
     * CSeq) to the answers it follows: usually one, but a phone that moved on before a late challenge came
     * answers that one too.
     */
    private void retryOf(SipTransaction tx) {
        List<SipTransaction> waiting = challenges.get(ChallengeKey.of(tx));
        if (waiting == null) {
            return;
        }
        for (SipTransaction challenged : waiting) {
            if (!challenged.isResolved() && challenged.getRetry() == null && challenged.getCseq() < tx.getCseq()
                    && Objects.equals(challenged.getRequest().getFromTag(), tx.getRequest().getFromTag())) {
                challenged.retry(tx);
                tx.previous(challenged);
            }
        }
    }

    // ---------------------------------------------------------------- responses

    private void response(SipMessage m, String method) {
        boolean client = m.isReceived();
        Key key = new Key(m.getFile(), client, m.getCallId(), m.getCseq(), method, m.getViaBranch());
        SipTransaction tx = transactions.get(key);
        if (tx == null) {
            return; // a response whose request the log does not show: nothing to match it with
        }
        int status = m.getStatus();
        if (client && !tx.isEnded() && tx.isNoResponse()) {
            answeredBy.put(peerKey(tx), new long[] {tx.getRequest().getSize(), tx.getStartMillis()});
        }
        if (status < 200) {
            if (tx.isEnded() || sameStatus(tx.getProvisionals(), status)) {
                m.markRetransmission();
            } else {
                tx.provisional(m);
            }
            return;
        }
        if (tx.getFinalResponse() != null) {
            if (tx.getFinalResponse().getStatus() == status) {
                tx.copyOfFinal();
                m.markRetransmission();
            }
            return;
        }
        if (tx.isEnded()) {
            return; // an answer after the layer gave up on the transaction
        }
        tx.finalResponse(m);
        tx.end(m.getTimestamp(), m.getTime(), false);
        forgetLater(key, tx, m.getTimestamp());
        ended(tx);
        legEnded(tx);
        settle(tx);
    }

    private static boolean sameStatus(List<SipMessage> responses, int status) {
        for (SipMessage r : responses) {
            if (r.getStatus() == status) {
                return true;
            }
        }
        return false;
    }

    /** What a transaction that got its final response means for its call or binding. */
    private void ended(SipTransaction tx) {
        if (!tx.isSuccess()) {
            return;
        }
        String method = tx.getMethod();
        if (method.equals("INVITE") && tx.isInitial()) {
            answered(tx);
        } else if ((method.equals("INVITE") || method.equals("UPDATE")) && !tx.isInitial()) {
            Call call = callOf(tx.getRequest());
            if (call != null && call.sdp(tx.getFinalResponse())) {
                sink.update(call);
            }
        } else if (method.equals("REGISTER")) {
            registered(tx);
        }
    }

    private void answered(SipTransaction invite) {
        CallKey key = CallKey.of(invite.getRequest());
        List<Call> legs = calls.computeIfAbsent(key, k -> new ArrayList<>(1));
        for (Call leg : legs) {
            if (leg.isOutgoing() == invite.isSent() && Objects.equals(leg.getPeer(), invite.getPeer())) {
                return; // a second 2xx of a forked call: shown as one call
            }
        }
        while (callCount >= maxCalls && !endedCalls.isEmpty()) {
            retire(endedCalls.pollFirst());
        }
        if (callCount >= maxCalls) {
            return;
        }
        Call call = new Call(invite);
        legs.add(call);
        callCount++;
        emit(call);
        if (invite.isReceived()) {
            atWeak(call.getAnsweredAt() + Call.ACK_TIMEOUT_MILLIS, call, c -> {
                List<Call> current = calls.get(key);
                if (!c.isAcknowledged() && !c.isCallerHungUpFirst() && current != null && current.contains(c)) {
                    c.ackTimedOut();
                    sink.update(c, "ackTimedOut");
                }
            }, c -> !c.isAcknowledged() && !c.isCallerHungUpFirst());
        }
        // The chore holds the key, not the call: a call that hung up long before must not stay in memory for hours.
        chore(call.getAnsweredAt() + CALL_MAX_MILLIS, () -> retireOverdue(key), () -> calls.containsKey(key));
    }

    /** Lets go of the calls under a key answered longer ago than any call is followed. */
    private void retireOverdue(CallKey key) {
        List<Call> legs = calls.get(key);
        if (legs == null) {
            return;
        }
        for (Call leg : List.copyOf(legs)) {
            if (leg.getAnsweredAt() + CALL_MAX_MILLIS <= now) {
                retire(leg);
            }
        }
    }

    private void retire(Call call) {
        CallKey key = CallKey.of(call.getInvite().getRequest());
        List<Call> legs = calls.get(key);
        if (legs != null && legs.remove(call)) {
            callCount--;
            if (legs.isEmpty()) {
                calls.remove(key);
            }
            sink.retract(call);
        }
    }

    private void registered(SipTransaction tx) {
        SipMessage request = tx.getRequest();
        BindingKey key = new BindingKey(request.getFile(), tx.isSent(), lower(request.getToUri()),
                lower(org.siphint.sip.HeaderValues.aor(request.getContact())));
        Registration binding = bindings.get(key);
        boolean removal = tx.getFinalResponse().getExpires() == 0 || request.getExpires() == 0;
        if (binding == null) {
            if (removal || bindings.size() >= MAX_BINDINGS) {
                return;
            }
            binding = new Registration(tx);
            bindings.put(key, binding);
            if (binding.isSent()) {
                ownBindings.computeIfAbsent(binding.getFile(), k -> new ArrayList<>(2)).add(binding);
            }
            emit(binding);
            return;
        }
        if (removal) {
            binding.removed(tx);
            bindings.remove(key);
            List<Registration> own = ownBindings.get(binding.getFile());
            if (own != null && own.remove(binding) && own.isEmpty()) {
                ownBindings.remove(binding.getFile());
            }
        } else {
            binding.refreshed(tx);
        }
        sink.update(binding);
    }

    /**
     * A message of a log whose program holds a binding that ran out shortly before it (see
     * {@link Registration#ranOutBy}) without a refresh: the program kept running and let its
     * registration lapse. Judged only on the program's own log, and only on what it logs other
     * than REGISTER, so a phone that was closed, or asleep and registering again on waking, is no
     * lapse; nor is a Contact the program replaced by registering the account under another.
     */
    private void ranOut(SipMessage m) {
        List<Registration> own = ownBindings.get(m.getFile());
        if (own == null || "REGISTER".equals(m.getMethod())) {
            return;
        }
        for (Registration binding : own) {
            if (!binding.isRanOut() && binding.ranOutBy(m.getTimestamp()) && !superseded(binding, own)) {
                binding.ranOut(m);
                sink.update(binding, "ranOut", "ranOutAt");
            }
        }
    }

    /** Whether the program registered the same account again under another Contact since (a new address or port). */
    private static boolean superseded(Registration binding, List<Registration> own) {
        for (Registration other : own) {
            if (other != binding && other.getRefreshedAt() > binding.getRefreshedAt()
                    && Objects.equals(lower(other.getAccount()), lower(binding.getAccount()))) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- settling

    /**
     * A transaction ended. A challenge waits for the request sent again with credentials (and for
     * how that one ends), and so do a 423 (sent again with a longer Expires) and a 491 (a crossed
     * re-INVITE sent again after a random wait); anything else is settled now, and so is a
     * challenge it answered.
     */
    private void settle(SipTransaction tx) {
        if (tx.isRetryAsked()) {
            List<SipTransaction> waiting = challenges.computeIfAbsent(ChallengeKey.of(tx), k -> new ArrayList<>(1));
            if (waiting.size() < 16) {
                waiting.add(tx);
            }
            atWeak(tx.getEndMillis() + CHALLENGE_RETRY_MILLIS, tx, t -> {
                if (t.getRetry() == null && !t.isResolved()) {
                    resolve(t);
                }
            }, t -> t.getRetry() == null && !t.isResolved());
            if (tx.getRetry() == null) {
                return;
            }
            if (!tx.getRetry().isResolved()) {
                return;
            }
        }
        resolve(tx);
    }

    private void resolve(SipTransaction tx) {
        if (tx.isResolved()) {
            return;
        }
        tx.resolved();
        if (tx.isRetryAsked()) {
            ChallengeKey key = ChallengeKey.of(tx);
            List<SipTransaction> waiting = challenges.get(key);
            if (waiting != null && waiting.remove(tx) && waiting.isEmpty()) {
                challenges.remove(key);
            }
        }
        if (!isRoutine(tx) && !passesOnLegFailure(tx)) {
            emit(tx);
        }
        // the challenges this request answered are settled with it (their chains are short: one hop a retry)
        for (SipTransaction challenged : tx.answering()) {
            resolve(challenged);
        }
    }

    /** Notes a B2BUA's leg that failed (a caller's CANCEL is the caller's doing, not the leg's). */
    private void legEnded(SipTransaction tx) {
        if (tx.getLegOf() != null && tx.isSent() && tx.getMethod().equals("INVITE") && !tx.isSuccess()
                && tx.getStatus() != 487) {
            failedLegs.put(new CallKey(tx.getFile(), tx.getLegOf()), tx);
        }
    }

    /**
     * Whether a B2BUA's failure answered to a caller only passes on the failure of the leg it placed
     * for that call (Asterisk's 404 to the phone after the trunk's 404): the leg is the fact, with
     * the far end's own answer; the passed-on copy would be a second finding with a guessed cause.
     */
    private boolean passesOnLegFailure(SipTransaction tx) {
        if (failedLegs.isEmpty() || !tx.isReceived() || !tx.getMethod().equals("INVITE") || tx.isSuccess()) {
            return false;
        }
        SipTransaction leg = failedLegs.get(new CallKey(tx.getFile(), tx.getCallId()));
        return leg != null && leg.getEndMillis() >= tx.getStartMillis() && leg.getEndMillis() <= tx.getEndMillis();
    }

    /** Whether a settled transaction is summarised elsewhere instead of being a fact of its own. */
    static boolean isRoutine(SipTransaction tx) {
        String method = tx.getMethod();
        if (method.equals("CANCEL") || method.equals("ACK")) {
            return true;
        }
        if (tx.isSuccess()) {
            return true;
        }
        return tx.isRetryAsked() && tx.isRetrySucceeded();
    }

    private void emit(org.siphint.event.LogEvent unit) {
        if (unit instanceof SipTransaction tx) {
            tx.seenInOtherLog(seenElsewhere(tx));
        }
        emitted++;
        sink.insert(unit);
    }

    // ---------------------------------------------------------------- across logs

    private void sighted(SipMessage m) {
        Sighting s = sightings.get(m.getCallId());
        if (s == null) {
            if (sightings.size() >= MAX_SIGHTINGS) {
                Iterator<Sighting> it = sightings.values().iterator();
                it.next();
                it.remove();
            }
            s = new Sighting(m.getTimestamp(), new HashMap<>(2));
            sightings.put(m.getCallId(), s);
        }
        s.files().putIfAbsent(m.getFile(), m.getRole());
        Iterator<Sighting> it = sightings.values().iterator();
        while (it.hasNext()) {
            Sighting oldest = it.next();
            if (oldest.first() >= now - SIGHTING_MILLIS) {
                break;
            }
            it.remove();
        }
    }

    private boolean seenElsewhere(SipTransaction tx) {
        Sighting s = sightings.get(tx.getCallId());
        if (s == null) {
            return false;
        }
        for (String file : s.files().keySet()) {
            if (!file.equals(tx.getFile())) {
                return true;
            }
        }
        return false;
    }

    /** The same transaction in another log, seen from the other end: the PBX's INVITE sent is the phone's received. */
    private void linkSameTransaction(SipTransaction tx) {
        List<SipTransaction> views = sameTransaction.computeIfAbsent(SameKey.of(tx), k -> new ArrayList<>(2));
        for (SipTransaction other : views) {
            if (!other.getFile().equals(tx.getFile()) && other.isSent() != tx.isSent()) {
                boolean firstView = tx.getCounterpart() == null;
                if (other.getCounterpart() == null) {
                    other.counterpart(tx);
                }
                if (firstView) {
                    tx.counterpart(other);
                    // the sender's and the receiver's copy of one request: what changed on the way
                    LogNotice rewritten = tx.isSent() ? RewriteCheck.compare(tx.getRequest(), other.getRequest())
                            : RewriteCheck.compare(other.getRequest(), tx.getRequest());
                    if (rewritten != null) {
                        emitted++;
                        sink.insert(rewritten);
                    }
                }
            }
        }
        if (views.size() < 8) {
            views.add(tx);
        }
    }

    private record Ended(Key key, SipTransaction tx) {
    }

    private void forgetLater(Key key, SipTransaction tx, long endMillis) {
        Ended e = new Ended(key, tx);
        ended.addLast(e);
        WeakReference<Ended> weak = new WeakReference<>(e);
        chore(endMillis + LINGER_MILLIS, () -> {
            Ended still = weak.get();
            if (still == null) {
                return; // let go early under a flood
            }
            if (ended.peekFirst() == still) {
                ended.pollFirst();
            }
            forget(still.key(), still.tx());
        }, () -> {
            Ended still = weak.get();
            return still != null && transactions.get(still.key()) == still.tx();
        });
        // ends from several logs may not come in time order: entries whose linger is over are let go
        // from the head (forget is harmless twice)
        while (ended.size() > 2 * maxTransactions) {
            Ended stale = ended.pollFirst();
            forget(stale.key(), stale.tx());
        }
    }

    private void forget(Key key, SipTransaction tx) {
        transactions.remove(key, tx); // only if the key still names this one (one look-up, not two)
        SameKey same = SameKey.of(tx);
        List<SipTransaction> views = sameTransaction.get(same);
        if (views != null) {
            views.remove(tx);
            if (views.isEmpty()) {
                sameTransaction.remove(same);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private void at(long due, Runnable action, java.util.function.BooleanSupplier pending) {
        timers.add(new Timer(due, timerSeq++, action, pending));
        if (timers.size() >= timerSweepAt) {
            timerSweepAt = sweep(timers);
        }
    }

    /**
     * Drops the timers or chores with nothing left to do (their unit ended, was let go or forgotten)
     * and says at which size to sweep again. A timer waits up to hours (a call's longest life), so
     * under a steady flood the queues would otherwise grow with every unit ever seen, long after the
     * layer let the unit go; sweeping at twice the size left keeps them to the units still followed,
     * at an amortised constant cost per timer.
     */
    private static int sweep(TimerQueue queue) {
        queue.removeIf(t -> !t.pending().getAsBoolean());
        return Math.max(MIN_SWEEP, 2 * queue.size());
    }

    /** Timers and chores pending (for tests: they must stay bounded by the units followed). */
    int pendingTimers() {
        return timers.size() + chores.size();
    }

    /**
     * A timer on a unit that holds it weakly: timers wait up to minutes, and under a flood a unit let
     * go early (see {@link #MAX_TRANSACTIONS}) must not stay in memory until its timer is due. A unit
     * that is still followed is held by the layer's maps.
     */
    private <T> void atWeak(long due, T unit, java.util.function.Consumer<T> action, java.util.function.Predicate<T> pending) {
        WeakReference<T> ref = new WeakReference<>(unit);
        at(due, () -> {
            T u = ref.get();
            if (u != null) {
                action.accept(u);
            }
        }, () -> {
            T u = ref.get();
            return u != null && pending.test(u);
        });
    }

    /** Housekeeping at {@code due}; {@code pending} says whether it still has anything to do (see {@link #sweep}). */
    private void chore(long due, Runnable action, java.util.function.BooleanSupplier pending) {
        chores.add(new Timer(due, timerSeq++, action, pending));
        if (chores.size() >= choreSweepAt) {
            choreSweepAt = sweep(chores);
        }
    }

    /**
     * The answered call a message of a dialog belongs to. A proxy or a B2BUA that keeps the Call-ID
     * logs both legs under one Call-ID: the leg is the one whose far end the message came from or
     * went to.
     */
    private Call callOf(SipMessage m) {
        List<Call> legs = calls.get(CallKey.of(m));
        if (legs == null || legs.isEmpty()) {
            return null;
        }
        if (legs.size() > 1) {
            for (Call leg : legs) {
                if (Objects.equals(leg.getInvite().getPeer(), m.getPeer())) {
                    return leg;
                }
            }
        }
        return legs.get(0);
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
