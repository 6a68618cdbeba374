package org.siphint.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.siphint.finding.Severity;

import com.sun.jna.Native;

/** The balloon's text bounds, and on Windows the real notification area. */
class WindowsTrayNotifierTest {

    @Test
    void balloonTextFitsTheFixedBuffersOnCodePointBoundaries() {
        String emoji = "\uD83D\uDCDE";
        NotificationText text = NotificationText.of(NotificationTextTest.finding(emoji.repeat(70),
                "<b>not markup here</b> " + emoji.repeat(300), "Enable PCMU."));
        WindowsTrayNotifier.Balloon b = WindowsTrayNotifier.Balloon.of(text, Severity.ERROR);
        assertTrue(b.title().length() <= WindowsTrayNotifier.TITLE_CHARS, "title " + b.title().length());
        assertTrue(b.text().length() <= WindowsTrayNotifier.TEXT_CHARS, "text " + b.text().length());
        assertTrue(b.text().startsWith("<b>not markup here</b> "), "a balloon shows plain text as it is");
        for (String s : new String[] {b.title(), b.text()}) {
            for (int i = 0; i < s.length(); i++) {
                if (Character.isHighSurrogate(s.charAt(i))) {
                    assertTrue(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)), "broken pair in " + s);
                }
            }
        }
        assertEquals(WindowsTrayNotifier.NIIF_ERROR | WindowsTrayNotifier.NIIF_RESPECT_QUIET_TIME, b.infoFlags());
        assertEquals(WindowsTrayNotifier.NIIF_WARNING | WindowsTrayNotifier.NIIF_RESPECT_QUIET_TIME,
                WindowsTrayNotifier.Balloon.of(text, Severity.WARNING).infoFlags());
    }

    @Test
    @EnabledOnOs(OS.WINDOWS)
    void structureHasTheSizeWindowsExpects() {
        // NOTIFYICONDATAW with hBalloonIcon: 976 bytes on 64-bit Windows, 956 on 32-bit
        assertEquals(Native.POINTER_SIZE == 8 ? 976 : 956, new WindowsTrayNotifier.NotifyIconData().size());
    }

    @Test
    @EnabledOnOs(OS.WINDOWS)
    void showsARealBalloon() throws Exception {
        WindowsTrayNotifier notifier = new WindowsTrayNotifier();
        try {
            notifier.show(NotificationTextTest.finding("siphint test", "A test balloon from the build.", "Nothing."));
            notifier.show(NotificationTextTest.finding("siphint test 2", "A second balloon modifies the icon.", "Nothing."));
        } finally {
            notifier.close();
        }
    }
}
