package org.siphint.notify;

import java.awt.AWTError;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.EventQueue;
import java.awt.Graphics2D;
import java.awt.HeadlessException;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.RenderingHints;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.siphint.finding.PopupPause;
import org.siphint.report.History;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWT half of {@link Tray}: the icon, its three images and its menu. Built and changed on the
 * toolkit's event thread; what a menu item does runs on a thread of its own ({@code siphint-tray}),
 * so a slow browser start or setup check never freezes the menu. The menu's labels are plain AWT
 * text (no markup), made from history entries that are plain and bounded already.
 */
final class TrayIconView {

    private static final Logger LOG = LoggerFactory.getLogger(TrayIconView.class);
    static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    /** How often the colour is recomputed (findings age past the hour, a pause ends). */
    private static final long REFRESH_SECONDS = 30;

    static final String OPEN_HISTORY = "Open history";
    static final String PAUSE = "Pause pop-ups for 1 hour";
    static final String CHECK_SETUP = "Check setup";
    static final String QUIT = "Quit";

    private final History history;
    private final PopupPause pause;
    private final Tray.Actions actions;
    private final Clock clock;
    private final ZoneId zone = ZoneId.systemDefault();
    private final ScheduledExecutorService worker;
    private final Map<Tray.State, BufferedImage> images = new EnumMap<>(Tray.State.class);
    private TrayIcon icon;
    private Tray.State state;
    private String menuKey;

    private TrayIconView(History history, PopupPause pause, Tray.Actions actions, Clock clock) {
        this.history = history;
        this.pause = pause;
        this.actions = actions;
        this.clock = clock;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "siphint-tray");
            t.setDaemon(true);
            return t;
        });
    }

    /** Why this desktop has no tray (asks the toolkit), or null when it has one. */
    static String unsupported(String osName) {
        try {
            if (SystemTray.isSupported()) {
                return null;
            }
            return osName.toLowerCase(Locale.ROOT).startsWith("linux")
                    ? "no system tray on this desktop: Java's tray icon needs an XEmbed tray (KDE Plasma, Xfce, MATE, "
                    + "Cinnamon, LXQt and tint2 or trayer panels have one; GNOME needs the AppIndicator extension, whose "
                    + "StatusNotifierItem protocol siphint does not speak yet)"
                    : "the desktop has no system tray";
        } catch (AWTError | HeadlessException | LinkageError | SecurityException e) {
            return "the desktop toolkit cannot start: " + e;
        }
    }

    /** Shows the icon (waiting for the toolkit's thread) and keeps it up to date. */
    static TrayIconView show(History history, PopupPause pause, Tray.Actions actions, Clock clock) throws Exception {
        TrayIconView v = new TrayIconView(history, pause, actions, clock);
        EventQueue.invokeAndWait(() -> {
            try {
                v.add();
            } catch (java.awt.AWTException e) {
                throw new IllegalStateException("the tray refused the icon: " + e.getMessage(), e);
            }
        });
        history.onEntry(entry -> EventQueue.invokeLater(v::refresh));
        v.worker.scheduleWithFixedDelay(() -> EventQueue.invokeLater(v::refresh), REFRESH_SECONDS, REFRESH_SECONDS,
                TimeUnit.SECONDS);
        return v;
    }

    private void add() throws java.awt.AWTException {
        SystemTray tray = SystemTray.getSystemTray();
        Dimension size = tray.getTrayIconSize();
        for (Tray.State s : Tray.State.values()) {
            images.put(s, image(s, Math.max(16, Math.min(size.width, size.height))));
        }
        icon = new TrayIcon(images.get(Tray.State.OK), "siphint", new PopupMenu());
        icon.setImageAutoSize(true);
        // a click (Windows: double-click) on the icon itself opens the history
        icon.addActionListener(e -> run(actions::openHistory));
        refresh();
        tray.add(icon);
    }

    /** Recomputes the colour and tooltip, and the menu when its findings or the pause changed. Event thread. */
    private void refresh() {
        if (icon == null) {
            return;
        }
        List<History.Entry> entries = history.recent(History.MAX);
        Tray.Recent recent = Tray.recent(entries, clock.instant());
        if (recent.state() != state) {
            state = recent.state();
            icon.setImage(images.get(state));
        }
        icon.setToolTip(Tray.tooltip(recent, pause, zone));
        List<History.Entry> latest = entries.subList(0, Math.min(Tray.MENU_FINDINGS, entries.size()));
        Optional<java.time.Instant> paused = pause.pausedUntil();
        String key = latest + "|" + paused;
        if (!key.equals(menuKey)) {
            menuKey = key;
            rebuildMenu(latest, paused);
        }
    }

    private void rebuildMenu(List<History.Entry> latest, Optional<java.time.Instant> paused) {
        PopupMenu menu = icon.getPopupMenu();
        menu.removeAll();
        if (latest.isEmpty()) {
            MenuItem none = new MenuItem("No finding yet");
            none.setEnabled(false);
            menu.add(none);
        }
        for (History.Entry e : latest) {
            MenuItem item = new MenuItem(Tray.label(e, zone));
            item.addActionListener(a -> run(() -> actions.openReport(e)));
            menu.add(item);
        }
        menu.addSeparator();
        menu.add(item(OPEN_HISTORY, actions::openHistory));
        if (paused.isPresent()) {
            menu.add(item("Resume pop-ups (paused until " + HOUR.format(paused.get().atZone(zone)) + ")", () -> {
                pause.resume();
                actions.note("siphint: pop-ups resumed");
                EventQueue.invokeLater(this::refresh);
            }));
        } else {
            menu.add(item(PAUSE, () -> {
                pause.pauseFor(Tray.PAUSE);
                actions.note("siphint: pop-ups paused until "
                        + pause.pausedUntil().map(u -> HOUR.format(u.atZone(zone))).orElse("now"));
                EventQueue.invokeLater(this::refresh);
            }));
        }
        menu.add(item(CHECK_SETUP, actions::checkSetup));
        menu.addSeparator();
        menu.add(item(QUIT, actions::quit));
    }

    private MenuItem item(String label, Runnable action) {
        MenuItem item = new MenuItem(label);
        item.addActionListener(e -> run(action));
        return item;
    }

    private void run(Runnable action) {
        worker.execute(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("the tray menu's action failed: {}", e.toString());
            }
        });
    }

    /** Removes the icon (any thread; waits at most 2 s for the toolkit). */
    void remove() {
        worker.shutdownNow();
        Runnable removal = () -> {
            if (icon != null) {
                SystemTray.getSystemTray().remove(icon);
                icon = null;
            }
        };
        if (EventQueue.isDispatchThread()) {
            removal.run();
            return;
        }
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        EventQueue.invokeLater(() -> {
            try {
                removal.run();
            } finally {
                done.complete(null);
            }
        });
        try {
            done.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("the tray icon was not removed in time: {}", e.toString());
        }
    }

    /** A filled circle in the state's colour, with a white check mark (OK) or exclamation mark. */
    static BufferedImage image(Tray.State s, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(switch (s) {
                case OK -> new Color(0x2e, 0x7d, 0x32);
                case WARNING -> new Color(0xd9, 0x77, 0x06);
                case ERROR -> new Color(0xd4, 0x2a, 0x2a);
            });
            int pad = Math.max(1, size / 12);
            g.fillOval(pad, pad, size - 2 * pad, size - 2 * pad);
            g.setColor(Color.WHITE);
            float w = Math.max(2f, size / 8f);
            g.setStroke(new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            if (s == Tray.State.OK) {
                g.drawPolyline(new int[] {size * 3 / 10, size * 9 / 20, size * 7 / 10},
                        new int[] {size / 2, size * 13 / 20, size * 7 / 20}, 3);
            } else {
                g.drawLine(size / 2, size * 5 / 20, size / 2, size * 11 / 20);
                g.drawLine(size / 2, size * 15 / 20, size / 2, size * 15 / 20);
            }
        } finally {
            g.dispose();
        }
        return img;
    }
}
