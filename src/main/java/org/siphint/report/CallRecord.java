package org.siphint.report;

import java.util.ArrayDeque;
import java.util.List;

import org.siphint.event.SipMessage;

/**
 * The SIP messages of one Call-ID that the pipeline saw, from every log, in the order they arrived.
 * Holds at most a fixed number: when a call goes on and on (a registration refreshed all day
 * keeps its Call-ID) the oldest messages give way and are counted.
 */
public final class CallRecord {

    private final String callId;
    private final int capacity;
    private final ArrayDeque<SipMessage> messages = new ArrayDeque<>();
    private int dropped;

    CallRecord(String callId, int capacity) {
        this.callId = callId;
        this.capacity = capacity;
    }

    public String callId() {
        return callId;
    }

    /** Adds a message; answers how many messages that dropped from the front (0 or 1). */
    int add(SipMessage m) {
        messages.addLast(m);
        if (messages.size() > capacity) {
            messages.removeFirst();
            dropped++;
            return 1;
        }
        return 0;
    }

    /** The messages kept, in arrival order (a copy). */
    public List<SipMessage> messages() {
        return List.copyOf(messages);
    }

    public int size() {
        return messages.size();
    }

    /** How many earlier messages of this call were not kept. */
    public int dropped() {
        return dropped;
    }
}
