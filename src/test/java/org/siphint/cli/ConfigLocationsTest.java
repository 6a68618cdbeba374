package org.siphint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.source.Platform;
import org.siphint.source.Platform.Os;

/** The configuration lookup order, on made-up machines under a temporary folder. */
class ConfigLocationsTest {

    @TempDir
    Path tmp;

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "notifier: none\n");
    }

    @Test
    void linuxSystemConfigOverridesTheUsers() throws IOException {
        Platform p = new Platform(Os.LINUX, Map.of(), tmp.resolve("home/alice"), tmp);
        Path user = touch(tmp.resolve("home/alice/.config/siphint/config.yaml"));
        assertEquals(Optional.of(user), ConfigLocations.find(p));

        Path system = touch(tmp.resolve("etc/siphint/config.yaml"));
        assertEquals(Optional.of(system), ConfigLocations.find(p));
    }

    @Test
    void linuxUserConfigFollowsXdgConfigHome() throws IOException {
        Path xdg = tmp.resolve("xdg");
        Platform p = new Platform(Os.LINUX, Map.of("XDG_CONFIG_HOME", xdg.toString()), tmp.resolve("home/alice"), tmp);
        touch(tmp.resolve("home/alice/.config/siphint/config.yaml"));
        Path user = touch(xdg.resolve("siphint/config.yaml"));

        assertEquals(Optional.of(user), ConfigLocations.find(p));
    }

    @Test
    void windowsProgramDataOverridesAppData() throws IOException {
        Path programData = tmp.resolve("ProgramData");
        Path appData = tmp.resolve("Users/alice/AppData/Roaming");
        Platform p = new Platform(Os.WINDOWS,
                Map.of("ProgramData", programData.toString(), "APPDATA", appData.toString()), tmp.resolve("Users/alice"), tmp);
        assertEquals(List.of(programData.resolve("siphint/config.yaml"), appData.resolve("siphint/config.yaml")),
                ConfigLocations.candidates(p));

        Path user = touch(appData.resolve("siphint/config.yaml"));
        assertEquals(Optional.of(user), ConfigLocations.find(p));
        Path system = touch(programData.resolve("siphint/config.yaml"));
        assertEquals(Optional.of(system), ConfigLocations.find(p));
    }

    @Test
    void macosLibraryOverridesTheUsersLibrary() throws IOException {
        Platform p = new Platform(Os.MACOS, Map.of(), tmp.resolve("Users/alice"), tmp);
        Path user = touch(tmp.resolve("Users/alice/Library/Application Support/siphint/config.yaml"));
        assertEquals(Optional.of(user), ConfigLocations.find(p));

        Path system = touch(tmp.resolve("Library/Application Support/siphint/config.yaml"));
        assertEquals(Optional.of(system), ConfigLocations.find(p));
    }

    @Test
    void noConfigAnywhereFindsNothing() throws IOException {
        Platform p = new Platform(Os.LINUX, Map.of(), tmp.resolve("home/alice"), tmp);
        Files.createDirectories(tmp.resolve("etc/siphint/config.yaml"));

        assertEquals(Optional.empty(), ConfigLocations.find(p), "a folder named config.yaml is not a config");
    }
}
