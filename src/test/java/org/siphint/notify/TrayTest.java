package org.siphint.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.siphint.finding.PopupPause;
import org.siphint.report.History;

/** What the tray icon says, without a desktop: its colour, tooltip and menu labels, and why there is no icon. */
class TrayTest {

    private static final Instant NOW = Instant.parse("2026-03-04T12:00:00Z");

    private static History.Entry entry(String severity, Instant found, String title, String account) {
        return new History.Entry(found.minus(Duration.ofDays(30)), severity, "sip-401", title, account, "s", null, found);
    }

    @Test
    void theColourIsTheWorstFindingFoundInTheLastHour() {
        assertEquals(Tray.State.OK, Tray.recent(List.of(), NOW).state());
        List<History.Entry> entries = List.of(entry("warning", NOW.minusSeconds(60), "t", null),
                entry("error", NOW.minus(Duration.ofMinutes(61)), "t", null), entry("info", NOW, "t", null));
        Tray.Recent r = Tray.recent(entries, NOW);
        assertEquals(Tray.State.WARNING, r.state(), "the error is older than an hour, info does not count");
        assertEquals("siphint: 1 warning in the last hour", Tray.tooltip(r, new PopupPause(), ZoneOffset.UTC));
        Tray.Recent two = Tray.recent(List.of(entry("error", NOW, "t", null), entry("error", NOW, "t", null),
                entry("warning", NOW, "t", null)), NOW);
        assertEquals(Tray.State.ERROR, two.state());
        PopupPause pause = new PopupPause(Clock.fixed(NOW, ZoneOffset.UTC));
        pause.pauseFor(Tray.PAUSE);
        assertEquals("siphint: 2 errors, 1 warning in the last hour; pop-ups paused until 13:00",
                Tray.tooltip(two, pause, ZoneOffset.UTC));
        assertEquals("siphint: nothing went wrong in the last hour",
                Tray.tooltip(Tray.recent(List.of(), NOW), new PopupPause(), ZoneOffset.UTC));
    }

    @Test
    void aMenuLabelIsPlainAndBounded() {
        String label = Tray.label(entry("error", NOW, "Wrong password\u0007\n" + "x".repeat(100), "sip:a@b"), ZoneId.of("UTC"));
        assertTrue(label.startsWith("12:00  Wrong password  xxx"), label);
        assertTrue(label.length() <= 71 && label.endsWith("…"), label);
        assertFalse(label.chars().anyMatch(Character::isISOControl), label);
        assertEquals("12:00  Refused (sip:a@b)", Tray.label(entry("error", NOW, "Refused", "sip:a@b"), ZoneId.of("UTC")));
    }

    @Test
    void withoutADisplayThereIsNoIconAndTheReasonSaysWhy() {
        assertTrue(Tray.problem(Map.of(), "Linux").startsWith("no desktop session"), Tray.problem(Map.of(), "Linux"));
        String wayland = Tray.problem(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux");
        assertTrue(wayland.contains("StatusNotifierItem"), wayland);
    }
}
