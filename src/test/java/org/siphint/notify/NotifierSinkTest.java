package org.siphint.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siphint.finding.Finding;

/** The pop-up's thread: a stuck notifier never holds the pipeline, and every call stays on one thread. */
class NotifierSinkTest {

    private static Finding finding(int n) {
        return new Finding("sip-488", null, "error", "t", Instant.ofEpochSecond(n), null, "sip:" + n + "@x",
                "s", "e", List.of(), List.of(), List.of(), "r");
    }

    /** Blocks in its first show until released, like a notifier talking to a frozen server. */
    static final class FrozenNotifier implements Notifier {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "frozen";
        }

        @Override
        public void show(Finding finding) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aFrozenNotifierDropsPopUpsInsteadOfBlockingAndShutdownDoesNotWaitForIt() throws Exception {
        FrozenNotifier frozen = new FrozenNotifier();
        NotifierSink sink = new NotifierSink(frozen, Duration.ofMinutes(10));
        try {
            sink.accept(finding(0));
            assertTrue(frozen.entered.await(10, TimeUnit.SECONDS));
            for (int i = 1; i <= 100; i++) {
                sink.accept(finding(i)); // distinct accounts: each passes the gate
            }
            assertEquals(100 - 16, sink.dropped(), "the queue holds 16, the rest is dropped");
            assertEquals(0, sink.shown());
            sink.close(); // returns although the notifier never does
        } finally {
            frozen.release.countDown();
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void showDispatchAndCloseAllRunOnTheNotifierThread() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch dispatched = new CountDownLatch(3);
        Notifier recording = new Notifier() {
            @Override
            public String name() {
                return "recording";
            }

            @Override
            public void show(Finding f) {
                threads.add(Thread.currentThread().getName());
            }

            @Override
            public void dispatch() {
                threads.add(Thread.currentThread().getName());
                dispatched.countDown();
            }

            @Override
            public void close() {
                threads.add(Thread.currentThread().getName());
                closed.countDown();
            }
        };
        NotifierSink sink = new NotifierSink(recording, Duration.ofMinutes(10));
        sink.accept(finding(1));
        sink.accept(finding(1)); // same situation and account: the gate keeps it to one pop-up
        assertTrue(dispatched.await(10, TimeUnit.SECONDS));
        sink.close();
        assertTrue(closed.await(10, TimeUnit.SECONDS));
        assertEquals(1, sink.shown());
        assertEquals(Set.of("siphint-notifier"), threads);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aPauseStopsPopUpsForItsWindowAndTheyComeBackAfterIt() throws Exception {
        List<String> shown = new java.util.concurrent.CopyOnWriteArrayList<>();
        Notifier recording = new Notifier() {
            @Override
            public String name() {
                return "recording";
            }

            @Override
            public void show(Finding finding) {
                shown.add(finding.account());
            }
        };
        Instant[] now = {Instant.parse("2026-03-04T10:00:00Z")};
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        org.siphint.finding.PopupPause pause = new org.siphint.finding.PopupPause(clock);
        NotifierSink sink = new NotifierSink(recording, Duration.ofMinutes(10), pause);
        pause.pauseFor(Duration.ofHours(1));
        sink.accept(finding(1));
        now[0] = now[0].plus(Duration.ofMinutes(59));
        sink.accept(finding(2));
        assertEquals(2, sink.paused());
        now[0] = now[0].plus(Duration.ofMinutes(2));
        sink.accept(finding(3));
        sink.close();
        assertEquals(List.of("sip:3@x"), shown, "nothing shown while paused, the next one after the hour");
        assertTrue(pause.pausedUntil().isEmpty());
    }
}
