package org.siphint.source;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operating system, environment and folders that decide where logs and configuration files
 * are: the running machine's by {@link #current()}, or made up by a test.
 *
 * @param os   the operating system family
 * @param env  environment variables (APPDATA, LOCALAPPDATA, ProgramData, XDG_CONFIG_HOME...)
 * @param home the user's home folder
 * @param root the file system root under which fixed system paths (/etc, /var/log, /Library) are
 *             looked up: {@code /} on a real machine, a temporary folder in tests
 */
public record Platform(Os os, Map<String, String> env, Path home, Path root) {

    private static final Pattern VARIABLE = Pattern.compile("%([A-Za-z0-9_()]+)%|\\$\\{([A-Za-z0-9_]+)}");

    /** Operating system families with different conventions for logs and configuration. */
    public enum Os {
        LINUX, WINDOWS, MACOS;

        /** The family of a {@code os.name} system property value; other Unixes follow Linux's conventions. */
        public static Os of(String osName) {
            String name = osName.toLowerCase(Locale.ROOT);
            if (name.startsWith("windows")) {
                return WINDOWS;
            }
            if (name.startsWith("mac") || name.startsWith("darwin")) {
                return MACOS;
            }
            return LINUX;
        }
    }

    public Platform {
        // a view, not a copy: Windows' System.getenv() looks names up case-insensitively
        env = Collections.unmodifiableMap(env);
    }

    /** The machine this JVM runs on. */
    public static Platform current() {
        Path home = Path.of(System.getProperty("user.home"));
        return new Platform(Os.of(System.getProperty("os.name")), System.getenv(), home,
                home.getRoot() == null ? Path.of("/") : home.getRoot());
    }

    /** A fixed absolute system path such as {@code /etc/siphint}, under {@link #root()}. */
    public Path system(String absolute) {
        return root.resolve(absolute.replaceFirst("^/+", ""));
    }

    /** An environment variable that names a folder, when it is set and not blank. */
    public Optional<Path> folder(String variable) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    /**
     * A path written in a configuration that several users share: a leading {@code ~} is the
     * user's home, {@code %NAME%} and {@code ${NAME}} are environment variables (left as they are
     * when unset, so the error names what was missing).
     */
    public Path expand(String path) {
        String text = path;
        if (text.equals("~") || text.startsWith("~/") || text.startsWith("~\\")) {
            text = home + text.substring(1);
        }
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = env.get(name);
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return Path.of(out.toString());
    }
}
