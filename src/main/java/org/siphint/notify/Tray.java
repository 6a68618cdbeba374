package org.siphint.notify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.siphint.finding.PopupPause;
import org.siphint.finding.Severity;
import org.siphint.report.History;

/**
 * The daemon's icon in the notification area (the system tray on Windows and X11 desktops, the
 * menu bar on macOS), through the JDK's {@code java.awt.SystemTray}. Its colour says whether
 * anything went wrong in the last hour (green: nothing, orange: warnings, red: errors); its menu
 * lists the last findings (choosing one opens its report), "Open history", "Pause pop-ups for
 * 1 hour", "Check setup" and "Quit".
 *
 * <p>This class loads no AWT class: {@link #problem} says without the toolkit whether an icon can be
 * shown at all, and {@link TrayIconView} (the AWT part) is loaded only when one is shown. No icon is
 * never an error: the daemon runs the same without one.
 */
public final class Tray {

    /** Findings the menu lists. */
    public static final int MENU_FINDINGS = 8;
    /** How far back a finding colours the icon. */
    public static final Duration RECENT = Duration.ofHours(1);
    /** How long "Pause pop-ups" pauses them. */
    public static final Duration PAUSE = Duration.ofHours(1);

    /** What the menu's items do; each runs on the toolkit's thread and must return quickly. */
    public interface Actions {
        void openReport(History.Entry entry);

        void openHistory();

        void checkSetup();

        void quit();

        /** A line for the user about what the menu did (pop-ups paused or resumed). */
        default void note(String line) {
        }
    }

    /** The icon's state: the worst finding of the last hour. */
    public enum State {
        OK("nothing went wrong in the last hour"),
        WARNING("warnings in the last hour"),
        ERROR("errors in the last hour");

        final String words;

        State(String words) {
            this.words = words;
        }
    }

    private Tray() {
    }

    /**
     * Why no icon can be shown in this session, or null when the toolkit may try: without a display
     * (or with Wayland alone) Java's tray cannot work, and a runtime without the desktop toolkit
     * (the Debian package's trimmed one) has none to show.
     */
    public static String problem(Map<String, String> env, String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (ModuleLayer.boot().findModule("java.desktop").isEmpty()) {
            return "this Java runtime has no desktop module (java.desktop)";
        }
        if (Boolean.getBoolean("java.awt.headless")) {
            return "Java runs headless (java.awt.headless=true)";
        }
        if (os.startsWith("windows") || os.startsWith("mac")) {
            return null;
        }
        if (blank(env.get("DISPLAY"))) {
            return blank(env.get("WAYLAND_DISPLAY")) ? "no desktop session: neither DISPLAY nor WAYLAND_DISPLAY is set"
                    : "a Wayland session without X11 (DISPLAY is not set): Java's tray icon needs an X11 (XEmbed) tray; "
                    + "GNOME and KDE Plasma on Wayland show StatusNotifierItem icons, which siphint does not speak yet";
        }
        Path xawt = Path.of(System.getProperty("java.home"), "lib", "libawt_xawt.so");
        if (!Files.exists(xawt)) {
            return "this Java runtime has no X11 toolkit (" + xawt.getFileName() + " is not in it; the Debian package's "
                    + "runtime leaves the desktop libraries out)";
        }
        return null;
    }

    /**
     * Why there is no icon, after asking the toolkit whether the desktop has a tray (loads AWT), or
     * null when an icon can be shown ({@code doctor}).
     */
    public static String check(Map<String, String> env, String osName) {
        String problem = problem(env, osName);
        return problem != null ? problem : TrayIconView.unsupported(osName);
    }

    /**
     * Shows the icon when this session can, else answers why not. Returns at once; the toolkit is
     * started on a thread of its own and waits (bounded) for a tray that appears late (a panel that
     * starts after the daemon at login).
     *
     * @param report    told once: null when the icon is shown, else why there is none
     */
    public static void start(Map<String, String> env, String osName, History history, PopupPause pause, Actions actions,
                             java.util.function.Consumer<String> report, Handle handle) {
        String problem = problem(env, osName);
        if (problem != null) {
            report.accept(problem);
            return;
        }
        // macOS: a menu-bar icon only, no Dock icon and no application menu for the daemon (read when AWT starts)
        System.setProperty("apple.awt.UIElement", "true");
        Thread t = new Thread(() -> {
            try {
                String why = TrayIconView.unsupported(osName);
                for (int i = 0; why != null && i < WAIT_TRIES && !handle.closed; i++) {
                    Thread.sleep(WAIT_STEP_MILLIS);
                    why = TrayIconView.unsupported(osName);
                }
                if (why != null || handle.closed) {
                    report.accept(why == null ? "stopped before the icon was shown" : why);
                    return;
                }
                handle.view = TrayIconView.show(history, pause, actions, Clock.systemUTC());
                if (handle.closed) {
                    handle.close();
                }
                report.accept(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception | LinkageError e) {
                report.accept("the desktop toolkit failed: " + e);
            }
        }, "siphint-tray-start");
        t.setDaemon(true);
        t.start();
    }

    /** How often, and how many times, a missing tray is looked for again at start (2 minutes). */
    static final int WAIT_TRIES = 12;
    static final long WAIT_STEP_MILLIS = 10_000;

    /** The icon once shown; closing it removes the icon. */
    public static final class Handle implements AutoCloseable {
        private volatile TrayIconView view;
        private volatile boolean closed;

        public boolean shown() {
            return view != null;
        }

        @Override
        public void close() {
            closed = true;
            TrayIconView v = view;
            if (v != null) {
                v.remove();
            }
        }
    }

    /** The errors and warnings found in the last hour before {@code now}, from the entries. */
    record Recent(int errors, int warnings) {
        State state() {
            return errors > 0 ? State.ERROR : warnings > 0 ? State.WARNING : State.OK;
        }
    }

    static Recent recent(List<History.Entry> entries, Instant now) {
        int errors = 0;
        int warnings = 0;
        for (History.Entry e : entries) {
            Instant found = e.found() != null ? e.found() : e.time();
            if (found == null || found.isBefore(now.minus(RECENT)) || found.isAfter(now.plus(RECENT))) {
                continue;
            }
            Severity level;
            try {
                level = Severity.parse(e.severity());
            } catch (IllegalArgumentException unknown) {
                continue;
            }
            errors += level == Severity.ERROR ? 1 : 0;
            warnings += level == Severity.WARNING ? 1 : 0;
        }
        return new Recent(errors, warnings);
    }

    /** The tooltip: how many errors and warnings in the last hour, and a pause in force. */
    static String tooltip(Recent r, PopupPause pause, java.time.ZoneId zone) {
        int errors = r.errors();
        int warnings = r.warnings();
        List<String> parts = new ArrayList<>();
        if (errors + warnings == 0) {
            parts.add("nothing went wrong in the last hour");
        } else {
            parts.add((errors > 0 ? errors + (errors == 1 ? " error" : " errors") : "")
                    + (errors > 0 && warnings > 0 ? ", " : "")
                    + (warnings > 0 ? warnings + (warnings == 1 ? " warning" : " warnings") : "") + " in the last hour");
        }
        pause.pausedUntil().ifPresent(u -> parts.add("pop-ups paused until " + TrayIconView.HOUR.format(u.atZone(zone))));
        return "siphint: " + String.join("; ", parts);
    }

    /** A menu label for a finding: its time of day, title and account, plain and bounded. */
    static String label(History.Entry e, java.time.ZoneId zone) {
        String text = TrayIconView.HOUR.format(e.time().atZone(zone)) + "  " + e.title()
                + (e.account() == null || e.account().isEmpty() ? "" : " (" + e.account() + ")");
        StringBuilder s = new StringBuilder(Math.min(text.length(), 72));
        for (int i = 0; i < text.length() && s.length() < 70; i++) {
            char c = text.charAt(i);
            s.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (s.length() < text.length()) {
            s.append('…');
        }
        return s.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
