package org.siphint.notify;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Opens a page (a report, the history, the setup check) in the user's browser: the desktop's
 * viewer ({@code xdg-open}, macOS {@code open}, Windows' file association) or the program the
 * config names ({@code browser:}), given the page's absolute path as its one argument. Never
 * through a shell, so no page name is ever read as a command.
 */
public final class Browser {

    private final List<String> command;

    private Browser(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** The configured program ({@code null} or blank: the desktop's viewer of {@code osName}). */
    public static Browser of(String program, String osName) {
        if (program != null && !program.isBlank()) {
            return new Browser(List.of(program.strip()));
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return new Browser(List.of("rundll32", "url.dll,FileProtocolHandler"));
        }
        return new Browser(List.of(os.startsWith("mac") ? "open" : "xdg-open"));
    }

    /** The command line that opens {@code page}. */
    public List<String> commandFor(Path page) {
        List<String> c = new ArrayList<>(command);
        c.add(page.toAbsolutePath().toString());
        return c;
    }

    /** Starts the browser on {@code page} and returns at once. */
    public void open(Path page) throws IOException {
        Process p = new ProcessBuilder(commandFor(page))
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start();
        p.getOutputStream().close();
    }

    @Override
    public String toString() {
        return String.join(" ", command);
    }
}
