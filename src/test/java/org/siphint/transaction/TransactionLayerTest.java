package org.siphint.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.event.LogEvent;
import org.siphint.event.SipMessage;
import org.siphint.source.FileEvents;
import org.siphint.source.LogSource;

/**
 * The transaction, dialog and registration work on logs that real programs wrote (or that follow
 * their format to the letter): what becomes a fact, what is routine, what timed out.
 */
class TransactionLayerTest {

    /** What the layer handed to the rule engine, in order. */
    private static final class Recorder implements UnitSink {
        final List<LogEvent> inserted = new ArrayList<>();
        final List<LogEvent> updated = new ArrayList<>();
        final List<LogEvent> retracted = new ArrayList<>();

        @Override
        public void insert(LogEvent unit) {
            inserted.add(unit);
        }

        @Override
        public void update(LogEvent unit, String... changed) {
            updated.add(unit);
        }

        @Override
        public void retract(LogEvent unit) {
            retracted.add(unit);
        }

        <T> List<T> of(Class<T> type) {
            return inserted.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    private static Recorder run(String... files) throws IOException {
        Recorder recorder = new Recorder();
        TransactionLayer layer = new TransactionLayer(recorder);
        List<SipMessage> messages = new ArrayList<>();
        for (String file : files) {
            try (FileEvents events = FileEvents.open(new LogSource(Path.of(file), null, null), ZoneOffset.UTC)) {
                for (LogEvent e = events.next(); e != null; e = events.next()) {
                    if (e instanceof SipMessage m) {
                        messages.add(m);
                    }
                }
            }
        }
        // one timeline, as a replay merges its files (a stable sort keeps each file's own order)
        messages.sort(java.util.Comparator.comparingLong(SipMessage::getTimestamp));
        long last = 0;
        for (SipMessage m : messages) {
            layer.accept(m);
            last = Math.max(last, m.getTimestamp());
        }
        layer.advanceTo(last + 3_600_000);
        return recorder;
    }

    @Test
    void aChallengeAnsweredAndAcceptedIsPartOfTheBindingNotAFact() throws IOException {
        Recorder r = run("sample-logs/asterisk/register-challenge-ok.log");
        assertEquals(List.of(), r.of(SipTransaction.class), "a routine challenge is no fact");
        List<Registration> bindings = r.of(Registration.class);
        assertEquals(1, bindings.size());
        Registration binding = bindings.get(0);
        assertTrue(binding.isChallenged());
        assertTrue(binding.isReceived(), "Asterisk's log is the registrar's view");
        assertEquals(200, binding.getAccepted().getStatus());
        assertTrue(binding.getRequest().isCredentials());
    }

    @Test
    void credentialsRefusedAgainIsOneTransactionWhoseRetryNeverGotThrough() throws IOException {
        Recorder r = run("sample-logs/pjsip/register-wrong-password.log");
        List<SipTransaction> txs = r.of(SipTransaction.class).stream().filter(t -> t.isCredentials()).toList();
        assertEquals(1, txs.size(), r.inserted::toString);
        SipTransaction refused = txs.get(0);
        assertEquals("REGISTER", refused.getMethod());
        assertEquals(401, refused.getStatus());
        assertTrue(refused.isSent());
        assertFalse(refused.isRetrySucceeded());
        assertEquals(List.of(), r.of(Registration.class));
        // the fact's time is when the transaction ended: its final response
        assertEquals(refused.getFinalResponse().getTimestamp(), refused.getTimestamp());
    }

    @Test
    void aChallengeNeverAnsweredIsSettledAfterItsRetryWindow() throws IOException {
        Recorder r = run("sample-logs/pjsip/register-no-password.log");
        List<SipTransaction> challenges = r.of(SipTransaction.class).stream().filter(SipTransaction::isChallenge).toList();
        assertFalse(challenges.isEmpty());
        for (SipTransaction c : challenges) {
            assertFalse(c.isRetried());
            assertFalse(c.isCredentials());
        }
    }

    @Test
    void anAnsweredCallIsOneCallFactFollowedToItsHangUp() throws IOException {
        Recorder r = run("sample-logs/pjsip/call-ok.log");
        List<Call> calls = r.of(Call.class);
        assertEquals(1, calls.size(), r.inserted::toString);
        Call call = calls.get(0);
        assertTrue(call.isOutgoing());
        assertTrue(call.isAcknowledged());
        assertTrue(call.isEnded());
        assertNotNull(call.getEndedBy());
        assertFalse(call.isAckTimedOut());
        assertTrue(r.updated.contains(call), "the ACK and the BYE update the call");
        assertTrue(r.retracted.contains(call), "an ended call leaves working memory");
        // the 407 proxy challenge answered with credentials is routine: no transaction fact at all
        assertEquals(List.of(), r.of(SipTransaction.class), r.inserted::toString);
    }

    @Test
    void aRefusedOfferIsOneInviteTransactionWithItsAck() throws IOException {
        Recorder r = run("sample-logs/asterisk/call-not-acceptable.log");
        List<SipTransaction> refused = r.of(SipTransaction.class).stream().filter(t -> t.getStatus() == 488).toList();
        assertEquals(1, refused.size(), r.inserted::toString);
        SipTransaction tx = refused.get(0);
        assertTrue(tx.isReceived());
        assertTrue(tx.isInitial());
        assertNotNull(tx.getAck(), "the ACK of a refusal belongs to the INVITE's transaction");
        assertFalse(tx.getAudioCodecs().isEmpty());
        assertEquals(List.of(), r.of(Call.class));
    }

    @Test
    void retransmissionsAreCountedNotRepeated() throws IOException {
        Recorder r = run("sample-logs/asterisk/trunk-register-timeout.log");
        List<SipTransaction> txs = r.of(SipTransaction.class);
        assertEquals(1, txs.size(), r.inserted::toString);
        SipTransaction tx = txs.get(0);
        assertTrue(tx.isTimedOut());
        assertTrue(tx.isNoResponse());
        assertTrue(tx.getRequestCopies() >= 2, "copies: " + tx.getRequestCopies());
        assertEquals(SipTransaction.TIMEOUT_MILLIS, tx.getDurationMillis(), "timer F: 64*T1");
    }

    @Test
    void aRequestNothingAnsweredKnowsWhatTheSamePeerAnsweredBefore() throws IOException {
        // the proxy's OPTIONS keep-alive to the trunk was answered a minute before the INVITE it lost
        Recorder r = run("sample-logs/sipdump/call-forwarded-invite-too-large.log");
        List<SipTransaction> lost = r.of(SipTransaction.class).stream().filter(t -> t.isSent() && t.isNoResponse()).toList();
        assertEquals(1, lost.size(), r.inserted::toString);
        SipTransaction tx = lost.get(0);
        assertEquals("198.51.100.20:5060", tx.getPeer());
        assertTrue(tx.getRequest().getSize() > 1300, "size " + tx.getRequest().getSize());
        assertTrue(tx.getPeerAnsweredSize() > 200 && tx.getPeerAnsweredSize() < 400, "OPTIONS " + tx.getPeerAnsweredSize());
        assertEquals(tx.getStartMillis() - 61_002, tx.getPeerAnsweredAt());

        // nothing answered by that peer before: nothing to compare with
        Recorder alone = run("sample-logs/pjsip/register-timeout.log");
        for (SipTransaction t : alone.of(SipTransaction.class)) {
            assertEquals(0, t.getPeerAnsweredSize(), t::toString);
        }
    }

    @Test
    void anAnswerNeverAcknowledgedMarksTheCallAfter32Seconds() throws IOException {
        Recorder r = run("sample-logs/asterisk/call-ack-lost.log");
        List<Call> calls = r.of(Call.class);
        assertEquals(1, calls.size());
        Call call = calls.get(0);
        assertTrue(call.isIncoming());
        assertFalse(call.isAcknowledged());
        assertTrue(call.isAckTimedOut());
        assertTrue(call.getAnswerCopies() >= 2, "the 2xx is sent again until the ACK comes");
    }

    @Test
    void aLateAckIsNoLostAck() throws IOException {
        Recorder r = run("sample-logs/asterisk/call-ack-late.log");
        for (Call call : r.of(Call.class)) {
            assertFalse(call.isAckTimedOut(), call::toString);
        }
    }

    @Test
    void theSameInviteInThePbxAndThePhoneLogIsLinked(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        // the softphone's log stamps only the time of day: dated as the PBX's, by the file's date
        List<String> files = new ArrayList<>();
        for (String name : List.of("pbx.log", "softphone.log")) {
            Path copy = java.nio.file.Files.copy(Path.of("sample-logs/correlated/answers-never-reach-pbx", name),
                    tmp.resolve(name));
            java.nio.file.Files.setLastModifiedTime(copy,
                    java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2026-03-04T12:00:00Z")));
            files.add(copy.toString());
        }
        Recorder r = run(files.toArray(String[]::new));
        List<SipTransaction> lost = r.of(SipTransaction.class).stream()
                .filter(t -> t.getMethod().equals("INVITE") && t.isSent() && t.isNoResponse()).toList();
        assertFalse(lost.isEmpty(), r.inserted::toString);
        SipTransaction pbx = lost.get(0);
        assertNotNull(pbx.getCounterpart(), "the phone's log shows the same INVITE received");
        assertTrue(pbx.getCounterpart().isReceived());
        assertTrue(pbx.isSeenInOtherLog());
    }

    @Test
    void aHealthyLogGivesNoTransactionFact() throws IOException {
        Recorder r = run("sample-logs/asterisk/call-ok.log");
        assertEquals(List.of(), r.of(SipTransaction.class), r.inserted::toString);
        List<Call> calls = r.of(Call.class);
        assertEquals(2, calls.size(), "a B2BUA's two legs: " + calls);
        for (Call call : calls) {
            assertTrue(call.isAcknowledged() && call.isEnded() && !call.isEverOneWay(), call::toString);
        }
    }

    /**
     * A call that ended is let go of about eleven minutes (of log time) after its BYE, whatever
     * timer was set at its answer: the layer's memory follows the calls in progress, not the length
     * of the log. Fed 2,000 generated calls (67 minutes of log), the first call's INVITE must be
     * unreachable by the end.
     */
    @Test
    void anEndedCallIsLetGoOfWhateverTimersItSet(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path log = dir.resolve("full.log");
        try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(log)) {
            org.siphint.bench.LogGenerator.write(w, Long.MAX_VALUE, 2_000, (calls, sofar) -> {
            });
        }
        long[] calls = new long[2];
        TransactionLayer layer = new TransactionLayer(new UnitSink() {
            @Override
            public void insert(LogEvent unit) {
                calls[0] += unit instanceof Call ? 1 : 0;
            }

            @Override
            public void update(LogEvent unit, String... changed) {
            }

            @Override
            public void retract(LogEvent unit) {
                calls[1] += unit instanceof Call ? 1 : 0;
            }
        });
        java.lang.ref.WeakReference<SipMessage> firstInvite = null;
        try (FileEvents events = FileEvents.open(new LogSource(log, null, null), ZoneOffset.UTC)) {
            for (LogEvent e = events.next(); e != null; e = events.next()) {
                if (e instanceof SipMessage m) {
                    if (firstInvite == null && "INVITE".equals(m.getMethod())) {
                        firstInvite = new java.lang.ref.WeakReference<>(m);
                    }
                    layer.accept(m);
                }
            }
        }
        assertNotNull(firstInvite);
        assertTrue(calls[0] > 1_500, "calls followed: " + calls[0]);
        assertTrue(calls[1] > calls[0] - 700, "calls let go of: " + calls[1] + " of " + calls[0]);
        for (int i = 0; i < 20 && firstInvite.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(null, firstInvite.get(), "the first call's INVITE is still held");
    }

    /**
     * A proxy's HEP stream of more answered calls than the layer may hold, all within the time ended
     * transactions linger for their late copies: the oldest ended ones make room, so the refused call
     * after them is still followed, and the layer holds no more than its bound.
     */
    @Test
    void aFloodOfEndedTransactionsMakesRoomForTheNextCall() throws Exception {
        Recorder recorder = new Recorder();
        TransactionLayer layer = new TransactionLayer(recorder);
        org.siphint.capture.SipEvents hep = new org.siphint.capture.SipEvents("hep:1@127.0.0.1", null, e -> {
            if (e instanceof SipMessage m) {
                layer.accept(m);
            }
        }, null, true);
        int calls = TransactionLayer.MAX_TRANSACTIONS / 4 + 100; // 4 transactions a call: INVITE and BYE on two legs
        long number = 0;
        for (int i = 0; i < calls; i++) {
            for (byte[] p : org.siphint.bench.HepBenchmark.okCall(i)) {
                take(hep, p, ++number);
            }
        }
        for (byte[] p : org.siphint.bench.HepBenchmark.refusedCall(1)) {
            take(hep, p, ++number);
        }
        hep.end();
        assertTrue(layer.running() <= TransactionLayer.MAX_TRANSACTIONS, "held: " + layer.running());
        List<SipTransaction> refused = recorder.of(SipTransaction.class).stream()
                .filter(t -> t.getCallId().equals("refused-1") && t.getStatus() == 488).toList();
        assertFalse(refused.isEmpty(), "the refused call after the flood is followed");
    }

    @Test
    void aPbxsFailurePassedOnFromItsTrunkLegIsOneFactTheLegs() throws Exception {
        String log = "sample-logs/asterisk/trunk-call-not-found-for-phone.log";
        List<SipTransaction> facts = run(log).of(SipTransaction.class);
        assertEquals(List.of("5a7e9c1b-3d2f-4e60-8a1c-b3d5f7e9a0c2 404 e7c41a09b3d25f68@192.168.0.14"),
                facts.stream().map(t -> t.getCallId() + " " + t.getStatus() + " " + t.getLegOf()).toList(),
                "the trunk's 404, placed for the phone's call; Asterisk's 404 to the phone passes it on");

        // without the Dial() line the legs are not known to be one call: each failure is a fact
        java.nio.file.Path unlinked = java.nio.file.Files.createTempFile("unlinked", ".log");
        try {
            java.nio.file.Files.writeString(unlinked, java.nio.file.Files.readString(Path.of(log))
                    .replaceAll("(?m)^.*Dial\\(.*\\R", ""));
            assertEquals(2, run(unlinked.toString()).of(SipTransaction.class).size());
        } finally {
            java.nio.file.Files.delete(unlinked);
        }
    }

    @Test
    void timersOfUnitsLetGoUnderASteadyFloodDoNotPileUp() throws Exception {
        // a call lives up to hours and each unit leaves timers behind: under a flood twenty times the
        // layer's bounds, only the timers of units still followed may stay
        int maxTransactions = 2_000;
        int maxCalls = 1_000;
        TransactionLayer layer = new TransactionLayer(new Recorder(), maxTransactions, maxCalls);
        org.siphint.capture.SipEvents hep = new org.siphint.capture.SipEvents("hep:1@127.0.0.1", null, e -> {
            if (e instanceof SipMessage m) {
                layer.accept(m);
            }
        }, null, true);
        long number = 0;
        for (int i = 0; i < 10 * maxTransactions; i++) { // 4 transactions a call
            for (byte[] p : org.siphint.bench.HepBenchmark.okCall(i)) {
                take(hep, p, ++number);
            }
        }
        hep.end();
        int bound = 3 * (maxTransactions + 2 * maxCalls) + 2 * TransactionLayer.MIN_SWEEP;
        assertTrue(layer.pendingTimers() <= bound, "timers pending: " + layer.pendingTimers() + ", bound " + bound);
    }

    private static void take(org.siphint.capture.SipEvents hep, byte[] packet, long number) throws Exception {
        org.siphint.hep.HepPacket p = org.siphint.hep.HepCodec.decode(packet, 0, packet.length);
        hep.datagram(p.seconds() * 1_000_000_000L + p.micros() * 1000L, number, "UDP",
                new org.siphint.capture.Endpoint(p.src(), p.srcPort()), new org.siphint.capture.Endpoint(p.dst(), p.dstPort()),
                p.payload(), 0, p.payload().length);
    }
}
