package org.siphint.notify;

import java.util.Map;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few calls of libnotify, GLib and GObject that {@link LibnotifyNotifier} makes, bound with JNA.
 * Strings cross as UTF-8, which is what GLib expects whatever the locale.
 */
final class LibNotify {

    /** The library's soname: the unversioned {@code libnotify.so} exists only with the -dev package. */
    static final String LIBRARY = "libnotify.so.4";

    static final int URGENCY_NORMAL = 1;
    static final int URGENCY_CRITICAL = 2;
    static final int EXPIRES_DEFAULT = -1;

    private static final Map<String, Object> UTF8 = Map.of(Library.OPTION_STRING_ENCODING, "UTF-8");

    final Notify notify;
    final GLib glib;
    final GObject gobject;

    private LibNotify(Notify notify, GLib glib, GObject gobject) {
        this.notify = notify;
        this.glib = glib;
        this.gobject = gobject;
    }

    /** Loads the libraries; throws {@link UnsatisfiedLinkError} when libnotify is not installed. */
    static LibNotify load() {
        Notify notify = Native.load(LIBRARY, Notify.class, UTF8);
        GLib glib = Native.load("libglib-2.0.so.0", GLib.class, UTF8);
        GObject gobject = Native.load("libgobject-2.0.so.0", GObject.class, UTF8);
        return new LibNotify(notify, glib, gobject);
    }

    /** libnotify itself. */
    interface Notify extends Library {
        boolean notify_init(String appName);

        void notify_uninit();

        /** A GList of strings the caller frees. */
        Pointer notify_get_server_caps();

        boolean notify_get_server_info(PointerByReference name, PointerByReference vendor,
                                       PointerByReference version, PointerByReference specVersion);

        Pointer notify_notification_new(String summary, String body, String icon);

        void notify_notification_set_urgency(Pointer notification, int urgency);

        void notify_notification_set_timeout(Pointer notification, int timeout);

        void notify_notification_set_category(Pointer notification, String category);

        void notify_notification_add_action(Pointer notification, String action, String label,
                                            ActionCallback callback, Pointer userData, Pointer freeFunc);

        boolean notify_notification_show(Pointer notification, PointerByReference error);
    }

    /** GLib: the main context that delivers the server's signals, and freeing what libnotify returns. */
    interface GLib extends Library {
        boolean g_main_context_iteration(Pointer context, boolean mayBlock);

        void g_free(Pointer memory);

        void g_list_free(Pointer list);

        void g_error_free(Pointer error);
    }

    /** GObject: reference counting and signals. */
    interface GObject extends Library {
        void g_object_unref(Pointer object);

        NativeLong g_signal_connect_data(Pointer instance, String signal, Callback handler, Pointer data,
                                         Pointer destroyData, int flags);
    }

    /** {@code void (*NotifyActionCallback)(NotifyNotification *, char *action, gpointer user_data)}. */
    interface ActionCallback extends Callback {
        void invoke(Pointer notification, Pointer action, Pointer userData);
    }

    /** The {@code closed} signal: {@code void (*)(NotifyNotification *, gpointer user_data)}. */
    interface ClosedCallback extends Callback {
        void invoke(Pointer notification, Pointer userData);
    }

    /** Reads and frees a GError's message. */
    String takeError(PointerByReference error) {
        Pointer e = error.getValue();
        if (e == null) {
            return "unknown error";
        }
        // struct GError { GQuark domain; gint code; gchar *message; }: two 32-bit ints, then the pointer
        Pointer message = e.getPointer(8);
        String text = message == null ? "unknown error" : message.getString(0, "UTF-8");
        glib.g_error_free(e);
        return text;
    }

    /** Reads and frees a string libnotify handed over. */
    String takeString(PointerByReference ref) {
        Pointer p = ref.getValue();
        if (p == null) {
            return null;
        }
        String s = p.getString(0, "UTF-8");
        glib.g_free(p);
        return s;
    }
}
