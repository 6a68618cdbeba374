package org.siphint.notify;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Guid;
import com.sun.jna.platform.win32.User32;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

import org.siphint.finding.Finding;
import org.siphint.finding.Severity;

/**
 * Windows pop-ups as a notification-area balloon ({@code Shell_NotifyIconW} with {@code NIF_INFO},
 * through JNA), which Windows 10 and 11 show as a toast. The icon sits on a hidden message-only
 * window created on first use; the {@code NIIF_RESPECT_QUIET_TIME} flag keeps it quiet during the
 * first hour after a user's first sign-in and in Focus Assist.
 *
 * <p>Not a WinRT toast: those need an AppUserModelID registered by a Start-menu shortcut (the
 * installer's job), and COM activation from Java; the balloon works from a plain {@code java}
 * process. A balloon shows plain text, so the text needs no escaping, only bounds: 63 UTF-16 units
 * of title and 255 of body (the fixed {@code WCHAR} buffers less the terminating NUL), cut on code
 * point boundaries.
 *
 * <p>All calls happen on {@link NotifierSink}'s worker thread, which then owns the hidden window.
 */
public final class WindowsTrayNotifier implements Notifier {

    static final int TITLE_CHARS = 63;
    static final int TEXT_CHARS = 255;
    static final int TIP_CHARS = 127;

    static final int NIM_ADD = 0;
    static final int NIM_MODIFY = 1;
    static final int NIM_DELETE = 2;
    static final int NIM_SETVERSION = 4;
    static final int NIF_ICON = 0x2;
    static final int NIF_TIP = 0x4;
    static final int NIF_INFO = 0x10;
    static final int NIIF_WARNING = 0x2;
    static final int NIIF_ERROR = 0x3;
    static final int NIIF_RESPECT_QUIET_TIME = 0x80;
    static final int NOTIFYICON_VERSION_4 = 4;
    private static final int IDI_WARNING = 32515;
    private static final int ID = 1;

    /** What one balloon shows: bounded plain text and the icon flags. */
    record Balloon(String title, String text, int infoFlags) {
        static Balloon of(NotificationText t, Severity severity) {
            int icon = severity == Severity.ERROR ? NIIF_ERROR : NIIF_WARNING;
            return new Balloon(NotificationText.boundUtf16(t.title(), TITLE_CHARS),
                    NotificationText.boundUtf16(t.body(), TEXT_CHARS), icon | NIIF_RESPECT_QUIET_TIME);
        }
    }

    /** {@code Shell_NotifyIconW}, which jna-platform does not bind. */
    interface Shell extends StdCallLibrary {
        boolean Shell_NotifyIconW(int message, NotifyIconData data);
    }

    /** {@code LoadIconW} with a numeric resource id. */
    interface Icons extends StdCallLibrary {
        Pointer LoadIconW(Pointer instance, Pointer resource);
    }

    /** {@code NOTIFYICONDATAW} as of Windows Vista (976 bytes on 64-bit Windows). */
    @Structure.FieldOrder({"cbSize", "hWnd", "uID", "uFlags", "uCallbackMessage", "hIcon", "szTip", "dwState",
            "dwStateMask", "szInfo", "uVersion", "szInfoTitle", "dwInfoFlags", "guidItem", "hBalloonIcon"})
    public static final class NotifyIconData extends Structure {
        public int cbSize;
        public WinDef.HWND hWnd;
        public int uID;
        public int uFlags;
        public int uCallbackMessage;
        public Pointer hIcon;
        public char[] szTip = new char[TIP_CHARS + 1];
        public int dwState;
        public int dwStateMask;
        public char[] szInfo = new char[TEXT_CHARS + 1];
        public int uVersion;
        public char[] szInfoTitle = new char[TITLE_CHARS + 1];
        public int dwInfoFlags;
        public Guid.GUID guidItem = new Guid.GUID();
        public Pointer hBalloonIcon;

        public NotifyIconData() {
            cbSize = size();
        }

        static void copy(String text, char[] buffer) {
            int n = Math.min(text.length(), buffer.length - 1);
            text.getChars(0, n, buffer, 0);
            for (int i = n; i < buffer.length; i++) {
                buffer[i] = 0;
            }
        }
    }

    private Shell shell;
    private WinDef.HWND window;
    private Pointer icon;
    private boolean added;

    @Override
    public String name() {
        return "windows-tray";
    }

    @Override
    public void show(Finding finding) throws NotifierException {
        show(Balloon.of(NotificationText.of(finding), finding.severityLevel()));
    }

    private void show(Balloon balloon) throws NotifierException {
        start();
        NotifyIconData data = data();
        data.uFlags = NIF_ICON | NIF_TIP | NIF_INFO;
        NotifyIconData.copy("siphint", data.szTip);
        NotifyIconData.copy(balloon.title(), data.szInfoTitle);
        NotifyIconData.copy(balloon.text(), data.szInfo);
        data.dwInfoFlags = balloon.infoFlags();
        if (!shell.Shell_NotifyIconW(added ? NIM_MODIFY : NIM_ADD, data)) {
            throw new NotifierException("Shell_NotifyIcon refused the balloon (error " + Native.getLastError() + ")");
        }
        if (!added) {
            added = true;
            NotifyIconData version = data();
            version.uVersion = NOTIFYICON_VERSION_4;
            shell.Shell_NotifyIconW(NIM_SETVERSION, version);
        }
    }

    private NotifyIconData data() {
        NotifyIconData data = new NotifyIconData();
        data.hWnd = window;
        data.uID = ID;
        data.hIcon = icon;
        return data;
    }

    private void start() throws NotifierException {
        if (window != null) {
            return;
        }
        try {
            shell = Native.load("shell32", Shell.class, W32APIOptions.DEFAULT_OPTIONS);
            Icons icons = Native.load("user32", Icons.class, W32APIOptions.DEFAULT_OPTIONS);
            icon = icons.LoadIconW(null, new Pointer(IDI_WARNING));
            // HWND_MESSAGE (-3) as parent: a message-only window, never shown, only owning the icon
            window = User32.INSTANCE.CreateWindowEx(0, "STATIC", "siphint", 0, 0, 0, 0, 0,
                    new WinDef.HWND(new Pointer(-3)), null, null, null);
        } catch (UnsatisfiedLinkError e) {
            throw new NotifierException("the Windows shell is not available: " + e.getMessage());
        }
        if (window == null) {
            throw new NotifierException("could not create the notification-area window (error " + Native.getLastError() + ")");
        }
    }

    @Override
    public void close() {
        if (window == null) {
            return;
        }
        if (added) {
            shell.Shell_NotifyIconW(NIM_DELETE, data());
            added = false;
        }
        User32.INSTANCE.DestroyWindow(window);
        window = null;
    }
}
