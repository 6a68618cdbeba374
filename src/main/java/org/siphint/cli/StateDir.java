package org.siphint.cli;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the daemon keeps what must survive a restart (resume points, findings already shown): the
 * platform's folder for per-user application state.
 */
final class StateDir {

    private StateDir() {
    }

    /** {@code $XDG_STATE_HOME/siphint} or {@code ~/.local/state/siphint}; {@code %LOCALAPPDATA%\siphint} on
     * Windows; {@code ~/Library/Application Support/siphint} on macOS. */
    static Path defaultDir() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String home = System.getProperty("user.home");
        if (os.contains("win")) {
            String local = System.getenv("LOCALAPPDATA");
            return (local != null ? Path.of(local) : Path.of(home, "AppData", "Local")).resolve("siphint");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "siphint");
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "state")).resolve("siphint");
    }
}
