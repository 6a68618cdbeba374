package org.siphint.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The tray icon as a person meets it, on a virtual X display with a real XEmbed system tray
 * (Debian's {@code trayer}), a session bus and the {@code dunst} notification server: the packaged
 * {@code watch} puts its icon in the tray (red once a failing call was written to its log); its
 * menu, driven with {@code xdotool} as a mouse and keyboard would, lists that finding and opens its
 * report with the configured browser (a script recording what it was given); "Pause pop-ups for 1
 * hour" keeps the next finding from popping up while it still reaches the console and the history;
 * "Quit" stops the daemon with its state saved. Screenshots go to {@code target/tray}.
 */
class TrayIconIT {

    private static final Path OUT = Path.of("target", "tray");
    private static Path dir;
    private static DesktopSession desktop;

    @BeforeAll
    static void startDesktop() throws Exception {
        for (String tool : List.of("trayer", "xdotool", "xwininfo")) {
            if (new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() != 0) {
                throw new IllegalStateException("the tray test needs " + tool
                        + " (Debian: apt-get install trayer xdotool x11-utils; see .ci/run)");
            }
        }
        Files.createDirectories(OUT);
        dir = Files.createTempDirectory("siphint-tray");
        desktop = DesktopSession.start(dir);
        desktop.startTray();
    }

    @AfterAll
    static void stopDesktop() throws Exception {
        DesktopNotificationIT.stop(desktop, dir);
    }

    @Test
    void theIconShowsTheFindingOpensItsReportPausesPopUpsAndQuitsWithStateSaved() throws Exception {
        Path work = Files.createDirectories(dir.resolve("tray"));
        Path opened = work.resolve("browser-opened.txt");
        Path browser = work.resolve("test-browser.sh");
        Files.writeString(browser, "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '" + opened + "'\n");
        assertTrue(browser.toFile().setExecutable(true));
        Path config = work.resolve("siphint.yaml");
        Files.writeString(config, "browser: " + browser + "\n");
        int popUps = desktop.notifyCalls().size();
        try (DesktopNotificationIT.Watch watch = new DesktopNotificationIT.Watch(dir, "watch", desktop.env(),
                "--config", config.toString())) {
            DesktopNotificationIT.await(() -> watch.stderr().contains("siphint: tray icon shown"), 30,
                    "no tray icon: " + watch.stderr());
            String icon = iconWindow();

            watch.append(DesktopNotificationIT.CALL_NOT_ACCEPTABLE);
            watch.awaitOut("sip-488", 30);
            assertEquals(popUps + 1, desktop.awaitNotify(popUps + 1, 10).size(), "the finding popped up");
            Path reports = watch.work.resolve("cache").resolve("siphint").resolve("reports");
            JsonNode newest = awaitHistory(reports, 1).get(0);
            desktop.run(10, "dunstctl", "close-all");
            // the icon turns red: an error in the last hour (it refreshes with each finding)
            int[] geometry = geometry(icon);
            DesktopNotificationIT.await(() -> isRed(pixel(geometry[0] + geometry[2] / 4, geometry[1] + geometry[3] / 2)), 10,
                    "the icon did not turn red");
            shoot("tray-icon.png");

            openMenu(icon);
            shoot("tray-menu.png");
            choose(1); // the newest finding
            DesktopNotificationIT.await(() -> Files.exists(opened), 10, "the browser was not started");
            assertEquals(reports.resolve(newest.get("report").asText()).toAbsolutePath().toString(),
                    Files.readAllLines(opened).get(0), "its report was opened");

            int findings = Math.min(Tray.MENU_FINDINGS, awaitHistory(reports, 1).size());
            openMenu(icon);
            choose(findings + 2); // the findings, "Open history", "Pause pop-ups for 1 hour"
            DesktopNotificationIT.await(() -> watch.stderr().contains("siphint: pop-ups paused until"), 10,
                    "no pause: " + watch.stderr());
            int before = desktop.notifyCalls().size();
            watch.append(DesktopNotificationIT.TRUNK_FORBIDDEN);
            watch.awaitOut("sip-403", 30);
            int total = awaitHistory(reports, 2).size();
            Thread.sleep(1500);
            assertEquals(before, desktop.notifyCalls().size(), "a pop-up while paused");

            int listed = Math.min(Tray.MENU_FINDINGS, total);
            openMenu(icon);
            choose(listed + 3); // ... "Open history", "Resume pop-ups", "Check setup"
            Path setup = reports.resolve("setup.html").toAbsolutePath();
            DesktopNotificationIT.await(() -> Files.readAllLines(opened).contains(setup.toString()), 20,
                    "the setup check was not opened");
            String page = Files.readString(setup);
            assertTrue(page.contains("notifier: libnotify (server dunst") && page.contains("softphones and PBXes found here"),
                    page);

            openMenu(icon);
            choose(listed + 4); // ... "Quit"
            assertEquals(0, watch.awaitExit(20), watch.stderr());
            assertTrue(watch.stderr().contains("siphint: quit from the tray icon"), watch.stderr());
            Path offsets = watch.work.resolve("state").resolve("siphint").resolve("offsets.json");
            JsonNode saved = new ObjectMapper().readTree(offsets.toFile()).get("files").get(0);
            assertEquals(Files.size(watch.log), saved.get("offset").asLong(), "the resume point is the log's end");
        }
    }

    /** The tray icon's window (AWT's embedded frame inside trayer's panel). */
    private static String iconWindow() throws Exception {
        Matcher m = Pattern.compile("(0x[0-9a-f]+) \"JavaEmbeddedFrame\"").matcher(desktop.windowTree());
        assertTrue(m.find(), "no icon window in the tray:\n" + desktop.windowTree());
        return m.group(1);
    }

    /** x, y, width, height of a window on the screen. */
    private static int[] geometry(String window) throws Exception {
        String info = desktop.output(5, "xwininfo", "-id", window);
        return new int[] {number(info, "Absolute upper-left X"), number(info, "Absolute upper-left Y"), number(info, "Width"),
                number(info, "Height")};
    }

    private static int number(String info, String label) {
        Matcher m = Pattern.compile(label + ":\\s+(-?\\d+)").matcher(info);
        assertTrue(m.find(), label + " in " + info);
        return Integer.parseInt(m.group(1));
    }

    /** The colour of one screen pixel, as {r, g, b}, from a screenshot of the root window. */
    private static int[] pixel(int x, int y) throws Exception {
        String txt = desktop.output(15, "import", "-window", "root", "-crop", "1x1+" + x + "+" + y, "txt:-");
        Matcher m = Pattern.compile("srgb\\((\\d+),(\\d+),(\\d+)\\)").matcher(txt);
        assertTrue(m.find(), txt);
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    private static boolean isRed(int[] rgb) {
        return rgb[0] > 150 && rgb[1] < 90 && rgb[2] < 90;
    }

    /** A right click on the icon, then waits (bounded) for the menu's window to show. */
    private static void openMenu(String icon) throws Exception {
        desktop.run(5, "xdotool", "mousemove", "--window", icon, "10", "10", "click", "3");
        DesktopNotificationIT.await(() -> !desktop.output(5, "xdotool", "search", "--onlyvisible", "--name",
                "XPopupMenuPeer").isBlank(), 10, "the menu did not open");
        Thread.sleep(300);
    }

    /** Chooses the menu's {@code n}th enabled item with the keyboard, as a person can. */
    private static void choose(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            desktop.run(5, "xdotool", "key", "Down");
        }
        desktop.run(5, "xdotool", "key", "Return");
        DesktopNotificationIT.await(() -> desktop.output(5, "xdotool", "search", "--onlyvisible", "--name",
                "XPopupMenuPeer").isBlank(), 10, "the menu did not close");
    }

    private static void shoot(String name) throws Exception {
        Path shot = dir.resolve(name);
        desktop.run(15, "import", "-window", "root", shot.toString());
        Files.copy(shot, OUT.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(shot) > 1000);
    }

    /** The history's entries once it holds at least {@code n} (bounded wait). */
    private static JsonNode awaitHistory(Path reports, int n) throws Exception {
        Path file = reports.resolve("history.json");
        DesktopNotificationIT.await(() -> Files.exists(file)
                && new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8)).get("findings").size() >= n,
                15, "the history holds fewer than " + n + " findings");
        return new ObjectMapper().readTree(file.toFile()).get("findings");
    }
}
