package org.siphint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.siphint.event.MediaReport;
import org.siphint.event.Origin;
import org.siphint.event.Role;
import org.siphint.finding.Catalog;
import org.siphint.TestRules;

/** The call-quality limits and the cause each measure points to. */
class MediaQualityTest {

    private static final Thresholds DEFAULTS = Thresholds.none();

    private static MediaReport.Builder report() {
        return MediaReport.builder(Instant.parse("2026-03-04T09:00:00Z"), new Origin("x.log", 1, Role.SOFTPHONE));
    }

    @Test
    void withinEveryLimitIsNoVerdict() {
        assertNull(MediaQuality.judge(report().lossPercent(2.9).jitterMs(29).rttMs(299).mos(3.7).build(), DEFAULTS));
    }

    @Test
    void unknownMeasuresAreNeverJudged() {
        assertNull(MediaQuality.judge(report().build(), DEFAULTS));
        assertFalse(MediaQuality.exceeds(report().packetsReceived(0).build(), DEFAULTS));
    }

    @Test
    void eachMeasurePointsToItsCause() {
        assertEquals("packet-loss", MediaQuality.judge(report().lossPercent(5).build(), DEFAULTS).cause());
        assertEquals("jitter", MediaQuality.judge(report().jitterMs(45).build(), DEFAULTS).cause());
        assertEquals("delay", MediaQuality.judge(report().rttMs(420).build(), DEFAULTS).cause());
        assertEquals("low-mos", MediaQuality.judge(report().mos(3.1).build(), DEFAULTS).cause());
    }

    @Test
    void theWorstMeasureRelativeToItsLimitPicksTheCauseAndAllAreNamed() {
        // loss 1.5x its limit, jitter 3x its limit: jitter is the cause
        MediaQuality.Verdict v = MediaQuality.judge(report().lossPercent(4.5).jitterMs(90).mos(2.9).build(), DEFAULTS);
        assertEquals("jitter", v.cause());
        assertEquals("jitter 90 ms (limit 30 ms)", v.worst());
        assertEquals("packet loss 4.5 % (limit 3 %); jitter 90 ms (limit 30 ms); MOS 2.9 (limit 3.6)", v.measures());
        // a low MOS alone never outranks a measure that explains it
        assertEquals("delay", MediaQuality.judge(report().rttMs(310).mos(1.0).build(), DEFAULTS).cause());
    }

    @Test
    void lossIsComputedFromCountsWhenThePercentIsNotLogged() {
        assertEquals("packet-loss", MediaQuality.judge(report().packetsReceived(900).packetsLost(100).build(), DEFAULTS)
                .cause());
    }

    @Test
    void limitsComeFromTheThresholdsAndFallBackWhenMissing() {
        Thresholds strict = Thresholds.of(Map.of("call-quality", Map.of("loss-percent", 1.0)));
        assertTrue(MediaQuality.exceeds(report().lossPercent(2).build(), strict));
        assertFalse(MediaQuality.exceeds(report().lossPercent(2).build(), DEFAULTS));
        assertEquals(30, strict.get("call-quality", "jitter-ms", 30));
        assertEquals(600_000L, strict.millis("sip-480", "repeat-minutes", 10, 60_000L));
    }

    @Test
    void theShippedCatalogCarriesTheDocumentedLimits() {
        Catalog.Entry quality = TestRules.catalog().get("call-quality");
        assertEquals(3.0, quality.thresholds().get("loss-percent"));
        assertEquals(30.0, quality.thresholds().get("jitter-ms"));
        assertEquals(300.0, quality.thresholds().get("rtt-ms"));
        assertEquals(3.6, quality.thresholds().get("mos"));
    }
}
