package org.siphint.notify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import org.siphint.finding.Finding;
import org.siphint.finding.Severity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux pop-ups through libnotify ({@code libnotify.so.4}, loaded with JNA), which speaks the
 * freedesktop {@code org.freedesktop.Notifications} D-Bus interface to whatever notification server
 * the desktop runs (GNOME Shell, Plasma, dunst, mako, xfce4-notifyd...).
 *
 * <p>libnotify rather than D-Bus by hand: it is on every desktop that has a notification server,
 * it finds the session bus the way the desktop does (including {@code $XDG_RUNTIME_DIR/bus}), and
 * it follows the spec's quirks (portal inside a sandbox, action signals filtered by the server's
 * name) that a hand-written client would have to redo; JNA needs no native code of ours.
 *
 * <p>Text: the title is the spec's plain-text summary (servers show it literally; dunst escapes it
 * itself); the body is escaped with {@link NotificationText#escapeMarkup} whenever the server
 * announces {@code body-markup}, since dunst renders {@code <b>}, {@code <a href>} and {@code <img>}
 * there and a SIP URI in angle brackets would vanish. Urgency follows severity: warning is normal,
 * error is critical. The icon is a small PNG shipped in the jar and copied to the cache folder.
 *
 * <p>Actions: when the server announces {@code actions}, each pop-up gets a "Details" action (and
 * the default action, a click on the body) that writes the finding's explanation to a file and opens
 * it (see {@link ExplanationFile}). The server reports a click as a D-Bus signal that GLib delivers
 * through the global default main context; instead of running a {@code GMainLoop} on a second thread,
 * which would call into libnotify concurrently with {@link #show}, {@link #dispatch} iterates that
 * context without blocking on the one thread that calls {@link #show} ({@link NotifierSink}'s
 * worker, a few times a second). Every libnotify call therefore happens on one thread, and a click is
 * handled within about 200 ms.
 *
 * <p>A frozen server blocks {@code notify_notification_show} for 25 s (the D-Bus timeout), and
 * unreferencing a notification whose show failed that way was seen to block for good: a notification
 * that failed to show is deliberately not unreferenced (a few hundred bytes per failed pop-up, and
 * pop-ups are rate-limited). {@link NotifierSink} keeps the pipeline clear of all of it.
 */
public final class LibnotifyNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(LibnotifyNotifier.class);
    /** Pop-ups kept alive for their actions; the oldest is released beyond this. */
    private static final int LIVE_MAX = 16;
    private static final int DISPATCH_MAX = 32;

    /** What a click on "Details" does with the finding (writing and opening its explanation). */
    @FunctionalInterface
    public interface DetailsHandler {
        void open(Finding finding) throws IOException;
    }

    /** What the server said about itself when asked at start. */
    public record ServerInfo(String name, String vendor, String version, List<String> caps) {
        public boolean has(String cap) {
            return caps.contains(cap);
        }

        @Override
        public String toString() {
            return name + " " + version + " (" + vendor + "; " + String.join(", ", caps) + ")";
        }
    }

    private final LibNotify lib;
    private final ServerInfo server;
    private final DetailsHandler details;
    private final Map<Severity, String> icons;
    private final Map<Long, Live> live = new LinkedHashMap<>();
    private long nextId = 1;
    // held in fields so the garbage collector never frees a callback GLib still points to
    private final LibNotify.ActionCallback onAction = this::onAction;
    private final LibNotify.ClosedCallback onClosed = this::onClosed;

    private record Live(Pointer notification, Finding finding) {
    }

    private LibnotifyNotifier(LibNotify lib, ServerInfo server, DetailsHandler details, Map<Severity, String> icons) {
        this.lib = lib;
        this.server = server;
        this.details = details;
        this.icons = icons;
    }

    /**
     * Loads libnotify and asks the server who it is and what it can do. This talks to the session
     * bus and can block as long as a frozen server does, so callers bound it (see {@link Notifiers}).
     *
     * @param iconDir where the icons are copied (the cache folder), or null for none
     * @throws NotifierException with a one-line reason when there is no library, bus or server
     */
    public static LibnotifyNotifier open(DetailsHandler details, Path iconDir) throws NotifierException {
        LibNotify lib;
        try {
            lib = LibNotify.load();
        } catch (UnsatisfiedLinkError e) {
            throw new NotifierException(LibNotify.LIBRARY + " is not installed (package libnotify4 on Debian and Ubuntu)");
        }
        if (!lib.notify.notify_init("siphint")) {
            throw new NotifierException("libnotify could not start");
        }
        PointerByReference name = new PointerByReference();
        PointerByReference vendor = new PointerByReference();
        PointerByReference version = new PointerByReference();
        PointerByReference spec = new PointerByReference();
        if (!lib.notify.notify_get_server_info(name, vendor, version, spec)) {
            lib.notify.notify_uninit();
            throw new NotifierException("no notification server answers on the session D-Bus");
        }
        ServerInfo info = new ServerInfo(lib.takeString(name), lib.takeString(vendor), lib.takeString(version),
                caps(lib));
        lib.takeString(spec);
        return new LibnotifyNotifier(lib, info, details, icons(iconDir));
    }

    private static List<String> caps(LibNotify lib) {
        List<String> caps = new ArrayList<>();
        Pointer list = lib.notify.notify_get_server_caps();
        // struct GList { gpointer data; GList *next; GList *prev; }
        for (Pointer node = list; node != null && caps.size() < 64; node = node.getPointer(Native.POINTER_SIZE)) {
            Pointer data = node.getPointer(0);
            if (data != null) {
                caps.add(data.getString(0, "UTF-8"));
                lib.glib.g_free(data);
            }
        }
        if (list != null) {
            lib.glib.g_list_free(list);
        }
        return Collections.unmodifiableList(caps);
    }

    /** The shipped icons, copied to files a server can read; none when they cannot be written. */
    private static Map<Severity, String> icons(Path dir) {
        Map<Severity, String> icons = new LinkedHashMap<>();
        if (dir == null) {
            return icons;
        }
        for (Severity s : List.of(Severity.WARNING, Severity.ERROR)) {
            String resource = "/siphint/icon-" + s.id() + ".png";
            try (InputStream in = LibnotifyNotifier.class.getResourceAsStream(resource)) {
                if (in == null) {
                    continue;
                }
                Files.createDirectories(dir);
                Path file = dir.resolve("icon-" + s.id() + ".png");
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                icons.put(s, file.toAbsolutePath().toString());
            } catch (IOException e) {
                LOG.debug("icon {} not written: {}", resource, e.getMessage());
            }
        }
        return icons;
    }

    public ServerInfo server() {
        return server;
    }

    @Override
    public String name() {
        return "libnotify";
    }

    @Override
    public void show(Finding f) throws NotifierException {
        Severity severity = f.severityLevel();
        NotificationText text = NotificationText.of(f);
        long id = nextId++;
        Live shown = show(text, severity, f, id);
        if (shown == null) {
            return;
        }
        live.put(id, shown);
        lib.gobject.g_signal_connect_data(shown.notification(), "closed", onClosed, new Pointer(id), null, 0);
        while (live.size() > LIVE_MAX) {
            Iterator<Live> eldest = live.values().iterator();
            Pointer n = eldest.next().notification();
            eldest.remove();
            lib.gobject.g_object_unref(n);
        }
    }

    /** Shows one pop-up; answers it when it must stay alive for its actions, null otherwise. */
    private Live show(NotificationText text, Severity severity, Finding finding, long id) throws NotifierException {
        String body = server.has("body-markup") ? NotificationText.escapeMarkup(text.body()) : text.body();
        Pointer n = lib.notify.notify_notification_new(text.title(), body, icons.get(severity));
        if (n == null) {
            throw new NotifierException("libnotify could not create a notification");
        }
        lib.notify.notify_notification_set_urgency(n,
                severity == Severity.ERROR ? LibNotify.URGENCY_CRITICAL : LibNotify.URGENCY_NORMAL);
        lib.notify.notify_notification_set_timeout(n, LibNotify.EXPIRES_DEFAULT);
        lib.notify.notify_notification_set_category(n, "siphint.call");
        boolean actions = finding != null && details != null && server.has("actions");
        if (actions) {
            lib.notify.notify_notification_add_action(n, "default", "Details", onAction, new Pointer(id), null);
            lib.notify.notify_notification_add_action(n, "details", "Details", onAction, new Pointer(id), null);
        }
        PointerByReference error = new PointerByReference();
        if (!lib.notify.notify_notification_show(n, error)) {
            // not unreferenced on purpose: see the class comment on frozen servers
            throw new NotifierException("the notification server refused the pop-up: " + lib.takeError(error));
        }
        if (!actions) {
            lib.gobject.g_object_unref(n);
            return null;
        }
        return new Live(n, finding);
    }

    /** Delivers the server's signals (a click on an action, a closed pop-up) without blocking. */
    @Override
    public void dispatch() {
        for (int i = 0; i < DISPATCH_MAX && lib.glib.g_main_context_iteration(null, false); i++) {
            // each iteration handles what was pending
        }
    }

    private void onAction(Pointer notification, Pointer action, Pointer userData) {
        Live l = live.get(Pointer.nativeValue(userData));
        if (l == null || details == null) {
            return;
        }
        try {
            details.open(l.finding());
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not open the details of {}: {}", l.finding().situation(), e.getMessage());
        }
    }

    private void onClosed(Pointer notification, Pointer userData) {
        Live l = live.remove(Pointer.nativeValue(userData));
        if (l != null) {
            // GLib holds its own reference while it emits the signal, so dropping ours here is safe
            lib.gobject.g_object_unref(l.notification());
        }
    }

    @Override
    public void close() {
        for (Live l : live.values()) {
            lib.gobject.g_object_unref(l.notification());
        }
        live.clear();
        lib.notify.notify_uninit();
    }
}
