package org.siphint.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifiersTest {

    private final PrintStream console = new PrintStream(new ByteArrayOutputStream());

    @TempDir
    Path dir;

    @Test
    void linuxWithoutADesktopFallsBackToTheConsoleAndSaysWhy() {
        Notifiers.Choice choice = Notifiers.choose("desktop", Map.of(), "Linux", console);
        assertInstanceOf(ConsoleNotifier.class, choice.notifier());
        assertEquals("siphint: no desktop notifications (no desktop session: neither DISPLAY nor WAYLAND_DISPLAY is set); "
                + "pop-ups are printed on the console", choice.fallbackLine());
    }

    @Test
    void aDisplayWithoutASessionBusIsNoDesktop() throws Exception {
        assertEquals("no session D-Bus: DBUS_SESSION_BUS_ADDRESS is not set",
                Notifiers.linuxSessionProblem(Map.of("DISPLAY", ":0")));
        assertEquals("no session D-Bus: DBUS_SESSION_BUS_ADDRESS is not set",
                Notifiers.linuxSessionProblem(Map.of("WAYLAND_DISPLAY", "wayland-0", "XDG_RUNTIME_DIR", dir.toString())));
        Files.createFile(dir.resolve("bus"));
        assertNull(Notifiers.linuxSessionProblem(Map.of("WAYLAND_DISPLAY", "wayland-0", "XDG_RUNTIME_DIR", dir.toString())));
        assertNull(Notifiers.linuxSessionProblem(Map.of("DISPLAY", ":0", "DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/bus")));
    }

    @Test
    void consoleAndNoneAreTakenAsAsked() {
        Notifiers.Choice console = Notifiers.choose("console", Map.of("DISPLAY", ":0"), "Linux", this.console);
        assertInstanceOf(ConsoleNotifier.class, console.notifier());
        assertNull(console.fallbackLine());
        Notifiers.Choice none = Notifiers.choose("none", Map.of(), "Linux", this.console);
        assertNull(none.notifier());
        assertNull(none.fallbackLine());
    }

    @Test
    void eachOsHasItsDesktopNotifier() throws Exception {
        assertEquals("windows-tray", Notifiers.desktop(Map.of(), "Windows 11").name());
        assertEquals("osascript", Notifiers.desktop(Map.of(), "Mac OS X").name());
    }

    @Test
    void unknownKindIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Notifiers.choose("popup", Map.of(), "Linux", console));
        assertTrue(e.getMessage().contains("desktop, console, none"), e.getMessage());
    }
}
