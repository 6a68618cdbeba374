package org.siphint.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.TestRules;
import org.siphint.event.LogNotice;
import org.siphint.event.Origin;
import org.siphint.event.Role;
import org.siphint.finding.Finding;
import org.siphint.finding.FindingFactory;

/**
 * A scanner floods a PBX log without a SIP trace with refused sign-ins (20 a second for 100
 * minutes, thousands of accounts) while one of the site's phones fails once: the attack is one
 * sip-scan for as long as it goes on (past the hour its recognition lasts), the phone's failure is
 * its own sip-401, no attempt of the scanner is reported on its own, and the heap after GC stays
 * bounded.
 */
class ScanFloodTest {

    private static final int ATTEMPTS = Integer.getInteger("siphint.flood.scans", 120_000);
    private static final long SPACING_MILLIS = 50;
    private static final long HEAP_BOUND = 256L * 1024 * 1024;

    private static LogNotice refusal(long millis, long line, String account, String host, String kind, String callId) {
        return LogNotice.of(Instant.ofEpochMilli(millis), new Origin("messages.log", line, Role.PBX), kind, callId,
                "sip:" + account + "@192.0.2.10", host + ":5070", "Request 'REGISTER' from '<sip:" + account
                        + "@192.0.2.10>' failed for '" + host + ":5070' (callid: " + callId + ") - No matching endpoint found",
                "reason", "No matching endpoint found");
    }

    @Test
    void aFloodOfScannerLinesIsOneFindingPerHourAndTheOwnPhoneItsOwn() {
        List<Finding> findings = new ArrayList<>();
        long t0 = Instant.parse("2026-03-04T02:00:00Z").toEpochMilli();
        long peak = 0;
        try (Pipeline pipeline = new Pipeline(TestRules.base(), new FindingFactory(TestRules.catalog()),
                List.of(findings::add))) {
            for (int i = 1; i <= ATTEMPTS; i++) {
                long t = t0 + i * SPACING_MILLIS;
                pipeline.accept(refusal(t, i, String.valueOf(1000 + i % 5000), "203.0.113.66", LogNotice.NO_MATCHING_ENDPOINT,
                        "scan-" + i));
                if (i == ATTEMPTS / 2) {
                    pipeline.accept(refusal(t + 1, i, "302", "198.51.100.32", LogNotice.AUTH_FAILED, "own-phone"));
                }
                if (i % 40_000 == 0) {
                    peak = Math.max(peak, FloodTest.usedHeapAfterGc());
                }
            }
            pipeline.endOfInput();
            peak = Math.max(peak, FloodTest.usedHeapAfterGc());
        }
        long scans = findings.stream().filter(f -> f.situation().equals("sip-scan")).count();
        List<Finding> others = findings.stream().filter(f -> !f.situation().equals("sip-scan")).toList();
        System.out.printf("scan flood: %d attempts, %d findings, peak heap after GC %d MB%n", ATTEMPTS, findings.size(), peak >> 20);
        assertEquals(1, scans, "one sip-scan for the address while it keeps trying: " + findings);
        assertEquals(1, others.size(), "only the site's phone is reported on its own: " + others);
        assertEquals("own-phone", others.get(0).callId());
        assertEquals("wrong-password-notice", others.get(0).cause());
        assertTrue(peak < HEAP_BOUND, "peak heap after GC: " + (peak >> 20) + " MB");
    }
}
