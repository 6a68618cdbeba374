package org.siphint.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.event.Role;
import org.siphint.source.DefaultLogLocations.Location;
import org.siphint.source.DefaultLogLocations.Resolution;
import org.siphint.source.Platform.Os;

/** Default log locations, looked up in a made-up machine under a temporary folder. */
class DefaultLogLocationsTest {

    @TempDir
    Path tmp;

    private Platform linux() {
        return new Platform(Os.LINUX, Map.of(), tmp.resolve("home/alice"), tmp);
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "log\n");
    }

    @Test
    void linuxWatchesTheAsteriskLogThatExistsAndNamesTheOthers() throws IOException {
        Path full = touch(tmp.resolve("var/log/asterisk/full"));

        Resolution r = DefaultLogLocations.resolve(linux());

        assertEquals(List.of(new LogSource(full, Role.PBX, null)), r.found());
        List<Path> missing = r.missing().stream().map(Location::path).toList();
        assertTrue(missing.contains(tmp.resolve("var/log/freeswitch/freeswitch.log")), missing.toString());
        assertTrue(missing.contains(tmp.resolve("var/log/kamailio.log")), missing.toString());
        assertTrue(missing.contains(tmp.resolve("home/alice/.local/share/linphone/logs")), missing.toString());
        assertEquals(DefaultLogLocations.candidates(linux()).size(), r.found().size() + r.missing().size());
    }

    @Test
    void aLogFolderGivesItsNewestLogFile() throws IOException {
        Path logs = tmp.resolve("home/alice/.local/share/linphone/logs");
        Path older = touch(logs.resolve("linphone1.log"));
        Path newer = touch(logs.resolve("linphone2.log"));
        touch(logs.resolve("notes.dat"));
        Files.setLastModifiedTime(older, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(newer, FileTime.fromMillis(2_000_000));
        Files.setLastModifiedTime(logs.resolve("notes.dat"), FileTime.fromMillis(3_000_000));

        Resolution r = DefaultLogLocations.resolve(linux());

        assertEquals(List.of(new LogSource(newer, Role.SOFTPHONE, null)), r.found());
    }

    @Test
    void aFolderWithoutLogFilesIsMissing() throws IOException {
        Files.createDirectories(tmp.resolve("home/alice/.local/share/linphone/logs"));

        Resolution r = DefaultLogLocations.resolve(linux());

        assertEquals(List.of(), r.found());
        assertEquals(DefaultLogLocations.candidates(linux()), r.missing());
    }

    @Test
    void xdgDataHomeMovesTheLinphoneFolder() throws IOException {
        Path data = tmp.resolve("data");
        Path log = touch(data.resolve("linphone/logs/linphone.log"));
        Platform p = new Platform(Os.LINUX, Map.of("XDG_DATA_HOME", data.toString()), tmp.resolve("home/alice"), tmp);

        assertEquals(List.of(new LogSource(log, Role.SOFTPHONE, null)), DefaultLogLocations.resolve(p).found());
    }

    @Test
    void windowsFindsMicroSipBesideItsIniInAppData() throws IOException {
        Path appData = tmp.resolve("Users/alice/AppData/Roaming");
        Path localAppData = tmp.resolve("Users/alice/AppData/Local");
        Path log = touch(appData.resolve("MicroSIP/microsip_log.txt"));
        Platform p = new Platform(Os.WINDOWS,
                Map.of("APPDATA", appData.toString(), "LOCALAPPDATA", localAppData.toString()),
                tmp.resolve("Users/alice"), tmp);

        Resolution r = DefaultLogLocations.resolve(p);

        assertEquals(List.of(new LogSource(log, Role.SOFTPHONE, null)), r.found());
        assertTrue(r.missing().stream().anyMatch(l -> l.path().equals(localAppData.resolve("MicroSIP/microsip_log.txt"))),
                r.missing().toString());
    }

    @Test
    void windowsSkipsLocationsWhoseVariableIsUnset() {
        Platform p = new Platform(Os.WINDOWS, Map.of("APPDATA", tmp.resolve("Roaming").toString()), tmp, tmp);

        List<Location> candidates = DefaultLogLocations.candidates(p);

        assertEquals(List.of(tmp.resolve("Roaming/MicroSIP/microsip_log.txt"), tmp.resolve("Roaming/linphone/logs")),
                candidates.stream().map(Location::path).toList());
    }

    @Test
    void macosLooksUnderHomebrewAndTheUsersLibrary() throws IOException {
        Path full = touch(tmp.resolve("opt/homebrew/var/log/asterisk/full"));
        Path linphone = touch(tmp.resolve("Users/alice/Library/Application Support/linphone/logs/linphone.log"));
        Platform p = new Platform(Os.MACOS, Map.of(), tmp.resolve("Users/alice"), tmp);

        assertEquals(List.of(new LogSource(full, Role.PBX, null), new LogSource(linphone, Role.SOFTPHONE, null)),
                DefaultLogLocations.resolve(p).found());
    }
}
