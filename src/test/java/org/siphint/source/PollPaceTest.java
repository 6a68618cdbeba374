package org.siphint.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PollPaceTest {

    private final PollPace pace = new PollPace(Duration.ofMillis(100), Duration.ofMillis(800));

    private List<Long> quietPolls(int n) {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            waits.add(pace.next(false));
        }
        return waits;
    }

    @Test
    void aQuietFileIsLookedAtLessAndLessOften() {
        List<Long> waits = quietPolls(PollPace.FAST_POLLS_WHEN_QUIET + 5);
        for (int i = 0; i < PollPace.FAST_POLLS_WHEN_QUIET; i++) {
            assertEquals(100, waits.get(i), "poll " + i);
        }
        assertEquals(List.of(200L, 400L, 800L, 800L, 800L), waits.subList(PollPace.FAST_POLLS_WHEN_QUIET, waits.size()));
    }

    @Test
    void anythingReadBringsTheFastPaceBackAtOnce() {
        quietPolls(50);
        assertEquals(100, pace.next(true));
        assertEquals(List.of(100L, 100L), quietPolls(2)); // the lines that follow are not waited for
    }

    @Test
    void looksFallOnMultiplesOfThePaceSoQuietFilesShareAWakeUp() {
        quietPolls(50);
        assertEquals(800, pace.next(false, 1600));
        assertEquals(790, pace.next(false, 1610));
        assertEquals(1, pace.next(false, 2399));
        assertEquals(60, pace.next(true, 2440)); // back to the fast pace, on its own multiples
    }

    @Test
    void theSlowPaceIsNeverFasterThanTheFastOne() {
        PollPace odd = new PollPace(Duration.ofMillis(100), Duration.ofMillis(10));
        for (int i = 0; i < 30; i++) {
            assertEquals(100, odd.next(false));
        }
    }
}
