package org.siphint.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.siphint.source.Platform;

/**
 * Where {@code watch} looks for its configuration when none is given: first the system-wide file
 * an administrator places (it wins, so a deployment is the same for every user), then the user's.
 * <pre>
 *            system-wide                                    user
 * Linux      /etc/siphint/config.yaml                        $XDG_CONFIG_HOME/siphint/config.yaml (~/.config)
 * Windows    %ProgramData%\siphint\config.yaml               %APPDATA%\siphint\config.yaml
 * macOS      /Library/Application Support/siphint/config.yaml ~/Library/Application Support/siphint/config.yaml
 * </pre>
 */
public final class ConfigLocations {

    static final String FILE = "config.yaml";

    private ConfigLocations() {
    }

    /** The candidate files in the order they are tried. */
    public static List<Path> candidates(Platform platform) {
        List<Path> out = new ArrayList<>();
        switch (platform.os()) {
            case LINUX -> {
                out.add(platform.system("/etc/siphint").resolve(FILE));
                Path config = platform.folder("XDG_CONFIG_HOME").orElse(platform.home().resolve(".config"));
                out.add(config.resolve("siphint").resolve(FILE));
            }
            case WINDOWS -> {
                platform.folder("ProgramData").ifPresent(d -> out.add(d.resolve("siphint").resolve(FILE)));
                platform.folder("APPDATA").ifPresent(d -> out.add(d.resolve("siphint").resolve(FILE)));
            }
            case MACOS -> {
                out.add(platform.system("/Library/Application Support/siphint").resolve(FILE));
                out.add(platform.home().resolve("Library/Application Support/siphint").resolve(FILE));
            }
            default -> throw new IllegalStateException("no configuration locations for " + platform.os());
        }
        return List.copyOf(out);
    }

    /** The first candidate that exists, if any. */
    public static Optional<Path> find(Platform platform) {
        return candidates(platform).stream().filter(Files::isRegularFile).findFirst();
    }
}
