package org.siphint.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.siphint.finding.Evidence;
import org.siphint.finding.Finding;
import org.siphint.finding.Template;

/**
 * The "Details" of a pop-up: the finding explained as {@code siphint explain} would, with its own
 * evidence, written as a plain text file under the user's cache folder and opened with the desktop's
 * viewer. Plain text is never interpreted, so log text in it needs no escaping; the file name is made
 * of the situation id and a time only, never of log text; the viewer is started with an argument
 * list, never through a shell.
 */
public final class ExplanationFile {

    private ExplanationFile() {
    }

    /** The folder for explanation files: {@code $XDG_CACHE_HOME/siphint}, or the platform's cache folder. */
    public static Path cacheDir(Map<String, String> env, String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        String home = System.getProperty("user.home");
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            return (local == null ? Path.of(home, "AppData", "Local") : Path.of(local)).resolve("siphint").resolve("cache");
        }
        if (os.startsWith("mac")) {
            return Path.of(home, "Library", "Caches", "siphint");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        return (xdg == null || xdg.isBlank() || !Path.of(xdg).isAbsolute() ? Path.of(home, ".cache") : Path.of(xdg))
                .resolve("siphint");
    }

    /** The explanation of one finding as plain text. */
    public static String text(Finding f) {
        StringBuilder s = new StringBuilder();
        s.append(Template.plain(f.title())).append(" [").append(Template.plain(f.severity())).append("]\n\n");
        s.append(Template.plain(f.summary())).append("\n\n");
        if (f.explanation() != null && !f.explanation().isBlank()) {
            s.append(Template.plain(f.explanation())).append("\n\n");
        }
        if (f.callId() != null) {
            s.append("Call-ID: ").append(Template.plain(f.callId())).append('\n');
        }
        if (f.account() != null) {
            s.append("Account: ").append(Template.plain(f.account())).append('\n');
        }
        s.append("Time: ").append(f.time()).append("\n\n");
        steps(s, "What to try:", f.fix());
        steps(s, "For the PBX or network admin:", f.adminFix());
        if (f.evidence() != null && !f.evidence().isEmpty()) {
            s.append("Evidence:\n");
            for (Evidence e : f.evidence()) {
                s.append("  ").append(Template.plain(e.file())).append(':').append(e.line()).append("  ")
                        .append(Template.plain(e.text())).append('\n');
            }
            s.append('\n');
        }
        s.append("More: siphint explain ").append(NotificationText.fileSafe(f.situation())).append('\n');
        return s.toString();
    }

    private static void steps(StringBuilder s, String heading, List<String> steps) {
        if (steps == null || steps.isEmpty()) {
            return;
        }
        s.append(heading).append('\n');
        int n = 1;
        for (String step : steps) {
            s.append("  ").append(n++).append(". ").append(Template.plain(step)).append('\n');
        }
        s.append('\n');
    }

    /** Writes the explanation into {@code dir} (created if needed) and answers the file. */
    public static Path write(Path dir, Finding f) throws IOException {
        Files.createDirectories(dir);
        String name = "finding-" + NotificationText.fileSafe(f.situation()) + "-"
                + (f.time() == null ? System.currentTimeMillis() : f.time().toEpochMilli()) + ".txt";
        Path file = dir.resolve(name);
        Files.writeString(file, text(f), StandardCharsets.UTF_8);
        return file;
    }

    /**
     * The command that opens a file with the desktop's viewer: {@code xdg-open FILE} on Linux,
     * {@code open FILE} on macOS. The path is absolute, so it can never be read as an option.
     */
    public static List<String> openCommand(String osName, Path file) {
        String path = file.toAbsolutePath().toString();
        return osName.toLowerCase(Locale.ROOT).startsWith("mac") ? List.of("open", path) : List.of("xdg-open", path);
    }
}
