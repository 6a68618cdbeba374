package org.siphint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.event.Origin;
import org.siphint.event.Role;

/** The engine's clock, batches and bound, with a one-rule base. */
class RuleEngineTest {

    private static final String RULES = """
            package org.siphint.test;
            import org.siphint.engine.Detection;
            import org.siphint.event.LogNotice;
            global org.siphint.engine.Detections detections;
            rule "notice"
            when
                $n : LogNotice( kind == "boom" )
            then
                detections.report(Detection.of("sip-500", $n));
            end
            rule "two notices of one call"
            when
                $a : LogNotice( kind == "ask", $c : callId )
                $b : LogNotice( kind == "answer", callId == $c, this after[0s, 1s] $a )
            then
                detections.report(Detection.of("sip-488", $b));
            end
            """;

    private static final Instant T0 = Instant.parse("2026-03-04T11:32:07Z");

    private static KieBase rules() throws RuleCompileException {
        return RuleCompiler.compile(List.of(new RuleSource("test.drl", "test.drl", RULES)));
    }

    private static LogNotice notice(Instant time, String kind) {
        return new LogNotice(time, new Origin("pbx.log", 1, Role.PBX), kind, "call-1", null, null, Map.of(), kind);
    }

    @Test
    void aBatchJudgesAnInstantsEventsBeforeTheClockJumpsToTheNextLog() throws Exception {
        // two logs months apart merged into one replay: the first log's last second must be judged
        // at its own time, not after the clock moved on (its events expired, its windows closed)
        List<Long> firedAt = new ArrayList<>();
        RuleEngine[] engine = new RuleEngine[1];
        engine[0] = new RuleEngine(rules(), d -> firedAt.add(engine[0].now()));
        try (RuleEngine e = engine[0]) {
            e.insertAll(List.of(notice(T0, "ask"), notice(T0, "answer"),
                    notice(T0.plus(Duration.ofDays(250)), "quiet")));
        }
        assertEquals(List.of(T0.toEpochMilli()), firedAt);
    }

    @Test
    void aBatchFiresLikeOneEventAtATime() throws Exception {
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(notice(T0.plusSeconds(i / 7), i % 50 == 0 ? "boom" : "quiet"));
        }
        List<Detection> batched = new ArrayList<>();
        try (RuleEngine engine = new RuleEngine(rules(), batched::add)) {
            engine.insertAll(events);
        }
        List<Detection> single = new ArrayList<>();
        try (RuleEngine engine = new RuleEngine(rules(), single::add)) {
            events.forEach(engine::insert);
        }
        assertEquals(6, batched.size());
        assertEquals(single.size(), batched.size());
    }

    @Test
    void expiredEventsDoNotCountTowardsTheFloodBound() throws Exception {
        // events expire after 10 minutes; an hour of a steady 1 event/s never holds more than 600
        try (RuleEngine engine = new RuleEngine(rules(), d -> { }, Thresholds.none(), 1_000)) {
            for (int s = 0; s < 3_600; s++) {
                engine.insert(notice(T0.plusSeconds(s), "quiet"));
            }
            assertEquals(0, engine.evictedCount(), "nothing alive was removed early");
            assertEquals(601, engine.factCount(), "the last ten minutes, both ends included");
        }
    }

    @Test
    void pastTheBoundTheOldestLiveEventsLeave() throws Exception {
        try (RuleEngine engine = new RuleEngine(rules(), d -> { }, Thresholds.none(), 1_000)) {
            for (int i = 0; i < 1_500; i++) {
                engine.insert(notice(T0, "quiet")); // a flood: all within one second
            }
            assertEquals(500, engine.evictedCount());
            assertEquals(1_000, engine.factCount());
        }
    }
}
