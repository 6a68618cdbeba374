package org.siphint.finding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** One pop-up per situation and account in a window; info never pops up. */
class PopupGateTest {

    private static final Instant T0 = Instant.parse("2026-03-04T09:00:00Z");

    private static Finding finding(String situation, String severity, String account, long seconds, String callId) {
        return new Finding(situation, null, severity, situation, T0.plusSeconds(seconds), callId, account, "", "",
                List.of(), List.of(), List.of(), "rule");
    }

    private static boolean admit(PopupGate gate, Finding f) {
        return gate.admit(f, f.time().toEpochMilli());
    }

    @Test
    void aRetryingPhonePopsUpOncePerWindow() {
        PopupGate gate = new PopupGate(Duration.ofMinutes(10));
        assertTrue(admit(gate, finding("sip-401", "error", "sip:alice@x", 0, "a")));
        assertFalse(admit(gate, finding("sip-401", "error", "sip:alice@x", 60, "b")));
        assertFalse(admit(gate, finding("sip-401", "error", "sip:alice@x", 599, "c")));
        assertTrue(admit(gate, finding("sip-401", "error", "sip:alice@x", 600, "d")), "the window has passed");
    }

    @Test
    void otherSituationsAndAccountsHaveTheirOwnWindow() {
        PopupGate gate = new PopupGate(Duration.ofMinutes(10));
        assertTrue(admit(gate, finding("sip-401", "error", "sip:alice@x", 0, "a")));
        assertTrue(admit(gate, finding("sip-401", "error", "sip:bob@x", 1, "b")));
        assertTrue(admit(gate, finding("sip-488", "error", "sip:alice@x", 2, "c")));
        assertTrue(admit(gate, finding("sip-488", "warning", null, 3, "d")));
        assertFalse(admit(gate, finding("sip-488", "warning", null, 4, "e")));
    }

    @Test
    void infoNeverPopsUpAndDoesNotUseTheWindow() {
        PopupGate gate = new PopupGate(Duration.ofMinutes(10));
        assertFalse(admit(gate, finding("sip-603", "info", "sip:alice@x", 0, "a")));
        assertTrue(admit(gate, finding("sip-603", "warning", "sip:alice@x", 1, "b")));
    }

    @Test
    void theWindowIsConfigurable() {
        PopupGate gate = new PopupGate(Duration.ofSeconds(30));
        assertTrue(admit(gate, finding("sip-408", "warning", "a", 0, "a")));
        assertFalse(admit(gate, finding("sip-408", "warning", "a", 29, "b")));
        assertTrue(admit(gate, finding("sip-408", "warning", "a", 30, "c")));
    }

    @Test
    void everyOccurrenceStillReachesTheOtherSinks() {
        // what a daemon does: all findings to the JSON sink, only admitted ones to the pop-up
        PopupGate gate = new PopupGate(Duration.ofMinutes(10));
        List<Finding> json = new ArrayList<>();
        List<Finding> popups = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Finding f = finding("sip-503", "error", "sip:alice@x", i * 5L, "call-" + i);
            json.add(f);
            if (admit(gate, f)) {
                popups.add(f);
            }
        }
        assertEquals(20, json.size());
        assertEquals(1, popups.size());
    }

    @Test
    void memoryIsBoundedUnderAFloodOfAccounts() {
        PopupGate gate = new PopupGate(Duration.ofMinutes(10));
        for (int i = 0; i < PopupGate.MAX_KEYS + 100; i++) {
            assertTrue(admit(gate, finding("sip-401", "error", "sip:" + i + "@x", 0, null)));
        }
        // the oldest keys were forgotten, so the first account may pop up again: bounded, not exact
        assertTrue(admit(gate, finding("sip-401", "error", "sip:0@x", 1, null)));
    }
}
