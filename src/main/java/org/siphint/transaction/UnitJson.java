package org.siphint.transaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.siphint.event.EventJson;
import org.siphint.event.LogEvent;
import org.siphint.event.SipMessage;

/**
 * Transactions, calls and registrations as JSON, for the fleet: the state the transaction layer
 * built at the agent, so the central worker's rules see the same fact. A unit's messages are written
 * once each in {@code messages} and named by their index elsewhere (a call's answer is also its
 * INVITE transaction's final response and an SDP message).
 *
 * <p>Links across logs ({@link SipTransaction#getCounterpart()}, {@link SipTransaction#isSeenInOtherLog()})
 * are not sent: only the central worker, which sees every host's units, can make them
 * ({@link #link}).
 */
public final class UnitJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** How deep a chain of challenges and retries is written: phones give up after a retry or two. */
    private static final int MAX_CHAIN = 4;
    /** Bounds for a unit read back (a tampered record must not make a huge fact). */
    private static final int MAX_MESSAGES = 64;

    private UnitJson() {
    }

    /** The kind of unit as the wire names it: transaction, call, registration; null for other events. */
    public static String kind(LogEvent unit) {
        if (unit instanceof SipTransaction) {
            return "transaction";
        }
        if (unit instanceof Call) {
            return "call";
        }
        if (unit instanceof Registration) {
            return "registration";
        }
        return null;
    }

    // ------------------------------------------------------------------ writing

    public static ObjectNode write(LogEvent unit) {
        Writer w = new Writer();
        ObjectNode n = F.objectNode();
        n.put("unit", kind(unit));
        if (unit instanceof SipTransaction tx) {
            n.set("tx", w.transaction(tx, MAX_CHAIN, true));
        } else if (unit instanceof Call call) {
            n.set("tx", w.transaction(call.getInvite(), 1, false));
            w.ref(n, "ack", call.getAck());
            w.ref(n, "bye", call.getBye());
            n.put("ackTimedOut", call.isAckTimedOut());
            n.put("endedAt", call.getEndedAt());
            n.put("callerHungUpFirst", call.isCallerHungUpFirst());
            n.put("everOneWay", call.isEverOneWay());
            n.put("holds", call.getHolds());
            ArrayNode sdp = n.putArray("sdp");
            for (SipMessage m : call.sdpMessages()) {
                sdp.add(w.index(m));
            }
        } else if (unit instanceof Registration reg) {
            n.set("tx", w.transaction(reg.getFirst(), MAX_CHAIN, true));
            if (reg.getLast() != reg.getFirst()) {
                n.set("last", w.transaction(reg.getLast(), 1, false));
            }
            n.put("refreshes", reg.getRefreshes());
            n.put("removed", reg.isRemoved());
        } else {
            throw new IllegalArgumentException("not a unit: " + unit.getClass().getSimpleName());
        }
        n.set("messages", w.messages);
        return n;
    }

    private static final class Writer {
        final ArrayNode messages = F.arrayNode();
        final Map<SipMessage, Integer> indexes = new IdentityHashMap<>();

        int index(SipMessage m) {
            Integer i = indexes.get(m);
            if (i == null) {
                i = messages.size();
                indexes.put(m, i);
                messages.add(EventJson.message(m));
            }
            return i;
        }

        void ref(ObjectNode n, String name, SipMessage m) {
            if (m != null) {
                n.put(name, index(m));
            }
        }

        ObjectNode transaction(SipTransaction tx, int depth, boolean withPrevious) {
            ObjectNode n = F.objectNode();
            n.put("request", index(tx.getRequest()));
            n.put("copies", tx.getRequestCopies());
            ArrayNode provisionals = n.putArray("provisionals");
            for (SipMessage p : tx.getProvisionals()) {
                provisionals.add(index(p));
            }
            ref(n, "final", tx.getFinalResponse());
            n.put("finalCopies", tx.getFinalCopies());
            ref(n, "ack", tx.getAck());
            ref(n, "cancel", tx.getCancel());
            n.put("ended", tx.isEnded());
            n.put("timedOut", tx.isTimedOut());
            n.put("endTime", tx.getEndTime().toString());
            n.put("end", tx.getEndMillis());
            if (tx.getPeerHeardAt() > 0) {
                n.put("peerHeardAt", tx.getPeerHeardAt());
            }
            if (tx.getPeerAnsweredSize() > 0) {
                n.put("peerAnsweredSize", tx.getPeerAnsweredSize());
                n.put("peerAnsweredAt", tx.getPeerAnsweredAt());
            }
            if (depth > 1 && tx.getRetry() != null) {
                n.set("retry", transaction(tx.getRetry(), depth - 1, false));
            }
            if (withPrevious && tx.getPrevious() != null) {
                n.set("previous", transaction(tx.getPrevious(), 1, false));
            }
            return n;
        }
    }

    // ------------------------------------------------------------------ reading

    /** Reads a unit back; null when the record does not hold a whole unit. */
    public static LogEvent read(JsonNode n, EventJson.Relabel relabel) {
        if (n == null || !n.isObject()) {
            return null;
        }
        JsonNode rawMessages = n.path("messages");
        if (!rawMessages.isArray() || rawMessages.size() > MAX_MESSAGES) {
            return null;
        }
        List<SipMessage> messages = new ArrayList<>(rawMessages.size());
        for (JsonNode m : rawMessages) {
            SipMessage message = EventJson.message(m, relabel);
            if (message == null) {
                return null;
            }
            messages.add(message);
        }
        Reader r = new Reader(messages, relabel);
        SipTransaction tx = r.transaction(n.path("tx"), MAX_CHAIN + 1);
        if (tx == null) {
            return null;
        }
        switch (String.valueOf(EventJson.text(n, "unit"))) {
            case "transaction":
                return tx;
            case "call": {
                if (tx.getFinalResponse() == null) {
                    return null;
                }
                Call call = new Call(tx);
                r.callState(call, n);
                return call;
            }
            case "registration": {
                if (tx.getFinalResponse() == null) {
                    return null;
                }
                Registration reg = new Registration(tx);
                r.registrationState(reg, n);
                return reg;
            }
            default:
                return null;
        }
    }

    /**
     * Brings a fact already in working memory up to date with a later snapshot of the same unit (a
     * call acknowledged or hung up, a binding refreshed), so the rule engine updates it in place.
     *
     * @return whether the snapshot was of the same kind and could be applied
     */
    public static boolean update(LogEvent fact, LogEvent snapshot) {
        if (fact instanceof Call call && snapshot instanceof Call later) {
            call.takeStateOf(later);
            return true;
        }
        if (fact instanceof Registration reg && snapshot instanceof Registration later) {
            reg.takeStateOf(later);
            return true;
        }
        return false;
    }

    /**
     * Links a transaction seen by the central worker to its view in another host's log (the PBX's INVITE
     * sent is the phone's received) and records whether its Call-ID was seen in another log at all.
     */
    public static void link(SipTransaction tx, SipTransaction otherView, boolean seenInOtherLog) {
        if (otherView != null) {
            if (tx.getCounterpart() == null) {
                tx.counterpart(otherView);
            }
            if (otherView.getCounterpart() == null) {
                otherView.counterpart(tx);
            }
        }
        tx.seenInOtherLog(seenInOtherLog);
    }

    private static final class Reader {
        final List<SipMessage> messages;
        final EventJson.Relabel relabel;

        Reader(List<SipMessage> messages, EventJson.Relabel relabel) {
            this.messages = messages;
            this.relabel = relabel;
        }

        SipMessage message(JsonNode n, String name) {
            JsonNode i = n.get(name);
            return i == null || !i.canConvertToInt() || i.asInt() < 0 || i.asInt() >= messages.size()
                    ? null : messages.get(i.asInt());
        }

        SipTransaction transaction(JsonNode n, int depth) {
            SipMessage request = message(n, "request");
            if (depth <= 0 || request == null || !request.isRequest()) {
                return null;
            }
            SipTransaction tx = new SipTransaction(request);
            for (int i = 1; i < Math.min(n.path("copies").asInt(1), 1_000_000); i++) {
                tx.copyOfRequest();
            }
            JsonNode provisionals = n.path("provisionals");
            for (int i = 0; i < provisionals.size() && i < MAX_MESSAGES; i++) {
                JsonNode p = provisionals.get(i);
                if (p.canConvertToInt() && p.asInt() >= 0 && p.asInt() < messages.size()) {
                    tx.provisional(messages.get(p.asInt()));
                }
            }
            SipMessage finalResponse = message(n, "final");
            if (finalResponse != null) {
                tx.finalResponse(finalResponse);
                for (int i = 0; i < Math.min(n.path("finalCopies").asInt(0), 1_000_000); i++) {
                    tx.copyOfFinal();
                }
            }
            SipMessage ack = message(n, "ack");
            if (ack != null) {
                tx.ack(ack);
            }
            SipMessage cancel = message(n, "cancel");
            if (cancel != null) {
                tx.cancel(cancel);
            }
            if (n.path("ended").asBoolean(false)) {
                String endTime = EventJson.text(n, "endTime");
                Instant end = endTime == null ? request.getTime() : Instant.parse(endTime).minusMillis(relabel.shiftMillis());
                tx.end(n.path("end").asLong(request.getTimestamp() + relabel.shiftMillis()) - relabel.shiftMillis(),
                        end, n.path("timedOut").asBoolean(false));
                tx.resolved();
            }
            long heardAt = n.path("peerHeardAt").asLong(0);
            if (heardAt > 0) {
                tx.peerHeardAt(heardAt - relabel.shiftMillis());
            }
            int answeredSize = n.path("peerAnsweredSize").asInt(0);
            if (answeredSize > 0 && answeredSize < (1 << 20)) {
                tx.peerAnswered(answeredSize, n.path("peerAnsweredAt").asLong(0) - relabel.shiftMillis());
            }
            JsonNode retry = n.get("retry");
            if (retry != null) {
                SipTransaction next = transaction(retry, depth - 1);
                if (next != null) {
                    tx.retry(next);
                    next.previous(tx);
                }
            }
            JsonNode previous = n.get("previous");
            if (previous != null) {
                SipTransaction earlier = transaction(previous, 1);
                if (earlier != null) {
                    tx.previous(earlier);
                    earlier.retry(tx);
                }
            }
            return tx;
        }

        void callState(Call call, JsonNode n) {
            SipMessage ack = message(n, "ack");
            if (ack != null) {
                call.ack(ack);
            }
            if (n.path("ackTimedOut").asBoolean(false)) {
                call.ackTimedOut();
            }
            SipMessage bye = message(n, "bye");
            if (bye != null) {
                call.bye(bye);
            }
            if (n.path("callerHungUpFirst").asBoolean(false)) {
                call.callerHungUp();
            }
            for (int i = 0; i < Math.min(n.path("holds").asInt(0), 1000); i++) {
                call.hold();
            }
            JsonNode sdp = n.path("sdp");
            List<SipMessage> media = new ArrayList<>(sdp.size());
            for (int i = 0; i < sdp.size() && i < 16; i++) {
                JsonNode s = sdp.get(i);
                if (s.canConvertToInt() && s.asInt() >= 0 && s.asInt() < messages.size()) {
                    media.add(messages.get(s.asInt()));
                }
            }
            call.restoreMedia(media, n.path("everOneWay").asBoolean(false));
        }

        void registrationState(Registration reg, JsonNode n) {
            JsonNode lastNode = n.get("last");
            SipTransaction last = lastNode == null ? null : transaction(lastNode, 1);
            int refreshes = Math.min(n.path("refreshes").asInt(0), 1_000_000);
            if (n.path("removed").asBoolean(false) && last != null) {
                for (int i = 0; i < refreshes; i++) {
                    reg.refreshed(reg.getFirst());
                }
                reg.removed(last);
            } else if (last != null) {
                for (int i = 1; i < refreshes; i++) {
                    reg.refreshed(reg.getFirst());
                }
                reg.refreshed(last);
            }
        }
    }
}
