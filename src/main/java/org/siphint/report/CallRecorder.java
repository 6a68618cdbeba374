package org.siphint.report;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.siphint.event.LogEvent;
import org.siphint.event.SipMessage;
import org.siphint.util.BoundedMap;

/**
 * Remembers, per Call-ID, the SIP messages the pipeline saw, from every log file (the softphone's
 * and the PBX's logs of one call share its Call-ID), so that a finding's report can draw the call.
 * It observes the pipeline ({@code Pipeline.observe}) and runs on its thread.
 *
 * <p>A B2BUA's leg that its log linked to the call it was placed for ({@link SipMessage#getLegOf()})
 * is drawn with that call: the phone's INVITE, the PBX's INVITE to the trunk and the trunk's answer
 * on one ladder, under the phone's Call-ID.
 *
 * <p>Bounded three ways, so a flood cannot grow memory: calls (the least recently active one
 * goes first), messages per call (the oldest go first), and messages in all.
 */
public final class CallRecorder implements Consumer<LogEvent> {

    public static final int DEFAULT_MAX_CALLS = 500;
    public static final int DEFAULT_MAX_MESSAGES_PER_CALL = 64;
    public static final int DEFAULT_MAX_MESSAGES = 10_000;

    private final int maxCalls;
    private final int maxPerCall;
    private final int maxMessages;
    private final LinkedHashMap<String, CallRecord> calls = new LinkedHashMap<>(64, 0.75f, true);
    private final AddressBook addresses = new AddressBook();
    /** The call each linked leg's Call-ID is drawn with (only a leg's INVITE names it). */
    private final Map<String, String> callOfLeg = BoundedMap.droppingOldest(4_096);
    private int messageCount;

    public CallRecorder() {
        this(DEFAULT_MAX_CALLS, DEFAULT_MAX_MESSAGES_PER_CALL, DEFAULT_MAX_MESSAGES);
    }

    public CallRecorder(int maxCalls, int maxMessagesPerCall, int maxMessages) {
        if (maxCalls < 1 || maxMessagesPerCall < 1 || maxMessages < maxMessagesPerCall) {
            throw new IllegalArgumentException("bounds must be positive, and the total at least one call's");
        }
        this.maxCalls = maxCalls;
        this.maxPerCall = maxMessagesPerCall;
        this.maxMessages = maxMessages;
    }

    @Override
    public void accept(LogEvent event) {
        if (!(event instanceof SipMessage m) || m.getCallId() == null) {
            return;
        }
        addresses.learn(m);
        if (m.getLegOf() != null) {
            callOfLeg.put(m.getCallId(), m.getLegOf());
        }
        String callId = callOfLeg.getOrDefault(m.getCallId(), m.getCallId());
        CallRecord call = calls.get(callId);
        if (call == null) {
            call = new CallRecord(callId, maxPerCall);
            calls.put(callId, call);
        }
        messageCount += 1 - call.add(m);
        Iterator<Map.Entry<String, CallRecord>> eldest = calls.entrySet().iterator();
        while ((calls.size() > maxCalls || messageCount > maxMessages) && eldest.hasNext()) {
            CallRecord gone = eldest.next().getValue();
            if (gone == call) {
                break; // the call just fed is the most recent; it is within its own bound
            }
            messageCount -= gone.size();
            eldest.remove();
        }
    }

    /** The messages kept of one call, or empty when none were seen or they gave way to newer calls. */
    public Optional<CallRecord> call(String callId) {
        return callId == null ? Optional.empty() : Optional.ofNullable(calls.get(callId));
    }

    /** What the messages told about which program owns which address. */
    public AddressBook addresses() {
        return addresses;
    }

    public int callCount() {
        return calls.size();
    }

    public int messageCount() {
        return messageCount;
    }
}
