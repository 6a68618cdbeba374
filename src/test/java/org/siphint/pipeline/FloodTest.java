package org.siphint.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.siphint.TestRules;
import org.siphint.event.Direction;
import org.siphint.event.Origin;
import org.siphint.event.Role;
import org.siphint.event.SipMessage;
import org.siphint.finding.FindingFactory;
import org.siphint.notify.Notifier;
import org.siphint.notify.NotifierSink;
import org.siphint.sip.SipParser;

/**
 * A flood of INVITEs (300,000 in a normal build, a million with {@code -Dsiphint.flood.invites=1000000})
 * with distinct Call-IDs and no answer (a scanner, a dialler gone mad) go through
 * the pipeline: the heap after GC stays bounded however many come, and the refused calls among
 * them still give findings whose pop-ups are rate-limited.
 */
class FloodTest {

    private static final int INVITES = Integer.getInteger("siphint.flood.invites", 300_000);
    /** Log time between two INVITEs: 200 per second, well within what a PBX logs under a flood. */
    private static final long SPACING_MILLIS = 5;
    private static final long HEAP_BOUND = 256L * 1024 * 1024;

    private static List<String> block(String marker) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("sample-logs/pjsip/call-not-acceptable.log"), StandardCharsets.UTF_8);
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(marker)) {
                start = i;
                break;
            }
        }
        List<String> block = new ArrayList<>();
        for (int i = start; !lines.get(i).equals("--end msg--"); i++) {
            block.add(lines.get(i));
        }
        return block;
    }

    private static SipMessage message(List<String> template, int callIdLine, String callId, long millis, Direction d)
            throws Exception {
        List<String> lines = new ArrayList<>(template);
        lines.set(callIdLine, "Call-ID: " + callId);
        return new SipMessage(Instant.ofEpochMilli(millis), new Origin("flood.log", 1, Role.SOFTPHONE), d, "UDP",
                "192.0.2.10:5060", SipParser.parse(lines), String.join("\n", lines));
    }

    /** The heap in use after a few full GCs. */
    static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void floodOfUnansweredInvitesKeepsTheHeapBoundedAndPopUpsRateLimited() throws Exception {
        List<String> invite = block("INVITE ");
        List<String> refusal = block("SIP/2.0 488");
        int inviteCallId = invite.indexOf(invite.stream().filter(l -> l.startsWith("Call-ID")).findFirst().orElseThrow());
        int refusalCallId = refusal.indexOf(refusal.stream().filter(l -> l.startsWith("Call-ID")).findFirst().orElseThrow());
        AtomicLong popUps = new AtomicLong();
        Notifier counting = new Notifier() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public void show(org.siphint.finding.Finding finding) {
                popUps.incrementAndGet();
            }
        };
        NotifierSink notifier = new NotifierSink(counting, Duration.ofMinutes(10));
        AtomicLong findings = new AtomicLong();
        long t0 = Instant.parse("2025-03-04T08:00:00Z").toEpochMilli();
        long heapAt100k = 0;
        long peak = 0;
        int refused = 0;
        try (Pipeline pipeline = new Pipeline(TestRules.base(), new FindingFactory(TestRules.catalog()),
                List.of(f -> findings.incrementAndGet(), notifier))) {
            for (int i = 1; i <= INVITES; i++) {
                long t = t0 + i * SPACING_MILLIS;
                pipeline.accept(message(invite, inviteCallId, "flood-" + i, t, Direction.SENT));
                if (i % 10_000 == 0) { // now and then one of them is refused: that must still be found
                    pipeline.accept(message(refusal, refusalCallId, "flood-" + i, t + 1, Direction.RECEIVED));
                    refused++;
                }
                if (i == 100_000) {
                    heapAt100k = usedHeapAfterGc();
                    peak = heapAt100k;
                } else if (i % 250_000 == 0) {
                    peak = Math.max(peak, usedHeapAfterGc());
                }
            }
            long heapAt1m = usedHeapAfterGc();
            peak = Math.max(peak, heapAt1m);
            System.out.printf("flood: heap after GC %d MB at 100k, %d MB at the end, peak %d MB; %d facts; %d findings, %d pop-ups%n",
                    heapAt100k >> 20, heapAt1m >> 20, peak >> 20, pipeline.factCount(), findings.get(), popUps.get());
            assertTrue(heapAt1m < HEAP_BOUND, "heap after GC at the end: " + (heapAt1m >> 20) + " MB");
            assertTrue(peak < HEAP_BOUND, "peak heap after GC: " + (peak >> 20) + " MB");
            assertEquals(refused, findings.get(), "every refused call is found");
            notifier.drain(Duration.ofSeconds(2));
            // 5,000 s of log time, one account, one pop-up per 10 minutes at most
            long windows = INVITES * SPACING_MILLIS / Duration.ofMinutes(10).toMillis() + 1;
            assertTrue(popUps.get() >= 1 && popUps.get() <= windows, popUps.get() + " pop-ups for " + refused + " findings");
        }
    }
}
