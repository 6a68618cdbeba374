package org.siphint.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.finding.Finding;
import org.siphint.finding.PopupPause;
import org.siphint.report.History;

/**
 * The real icon in the Windows notification area and the macOS menu bar (GitHub's runners, see
 * .github/workflows/notifiers.yml); on Linux {@code TrayIconIT} does this under Xvfb with a real tray.
 * A runner whose session has no tray says why and skips.
 */
@EnabledOnOs({OS.WINDOWS, OS.MAC})
class TrayIconViewTest {

    @Test
    void theIconAppearsTurnsRedWithAnErrorAndIsRemoved(@TempDir Path dir) throws Exception {
        String why = Tray.check(System.getenv(), System.getProperty("os.name"));
        Assumptions.assumeTrue(why == null, "no tray in this session: " + why);
        History history = new History(dir, null, ZoneId.systemDefault());
        Tray.Actions nothing = new Tray.Actions() {
            @Override
            public void openReport(History.Entry entry) {
            }

            @Override
            public void openHistory() {
            }

            @Override
            public void checkSetup() {
            }

            @Override
            public void quit() {
            }
        };
        int before = SystemTray.getSystemTray().getTrayIcons().length;
        TrayIconView view = TrayIconView.show(history, new PopupPause(), nothing, Clock.systemUTC());
        try {
            TrayIcon[] icons = SystemTray.getSystemTray().getTrayIcons();
            assertEquals(before + 1, icons.length);
            TrayIcon icon = icons[icons.length - 1];
            assertEquals("siphint: nothing went wrong in the last hour", icon.getToolTip());
            history.accept(new Finding("sip-401", null, "error", "Wrong password", Instant.now(), "c", "sip:a@b", "s",
                    "e", List.of(), List.of(), List.of(), "r"));
            long deadline = System.nanoTime() + 5_000_000_000L;
            // the tooltip and then the menu change on the toolkit's thread
            while (!icon.getPopupMenu().getItem(0).getLabel().contains("Wrong password") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("siphint: 1 error in the last hour", icon.getToolTip());
            assertTrue(icon.getPopupMenu().getItem(0).getLabel().contains("Wrong password (sip:a@b)"),
                    icon.getPopupMenu().getItem(0).getLabel());
        } finally {
            view.remove();
        }
        assertEquals(before, SystemTray.getSystemTray().getTrayIcons().length);
    }
}
