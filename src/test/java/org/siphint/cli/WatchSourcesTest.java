package org.siphint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.event.Role;
import org.siphint.source.LogSource;
import org.siphint.source.Platform;
import org.siphint.source.Platform.Os;

/** Which files {@code watch} follows: given ones first, the platform's default locations otherwise. */
class WatchSourcesTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private Platform linux() {
        return new Platform(Os.LINUX, Map.of("HOME_LOGS", tmp.resolve("logs").toString()), tmp.resolve("home/alice"), tmp);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void configLogsAreExpandedAndTheDefaultsNotConsulted() throws IOException {
        Files.createDirectories(tmp.resolve("var/log/asterisk"));
        Files.writeString(tmp.resolve("var/log/asterisk/full"), "");
        WatchConfig cfg = new WatchConfig();
        WatchConfig.Log log = new WatchConfig.Log();
        log.path = "${HOME_LOGS}/pbx.log";
        log.role = "pbx";
        cfg.logs.add(log);

        List<LogSource> sources = new WatchCommand().sources(cfg, linux(), err);

        assertEquals(List.of(new LogSource(tmp.resolve("logs/pbx.log"), Role.PBX, null)), sources);
        assertEquals("", err());
    }

    @Test
    void withoutFilesOrConfigTheExistingDefaultsAreWatchedAndTheOthersNamedOnce() throws IOException {
        Path full = tmp.resolve("var/log/asterisk/full");
        Files.createDirectories(full.getParent());
        Files.writeString(full, "");

        List<LogSource> sources = new WatchCommand().sources(new WatchConfig(), linux(), err);

        assertEquals(List.of(new LogSource(full, Role.PBX, null)), sources);
        assertTrue(err().contains("found pbx log " + full), err());
        assertEquals(1, err().lines().filter(l -> l.startsWith("siphint: no log at ")).count(), err());
        assertTrue(err().contains(tmp.resolve("var/log/kamailio.log") + " (Kamailio)"), err());
    }

    @Test
    void nothingToWatchIsExplained() {
        List<LogSource> sources = new WatchCommand().sources(new WatchConfig(), linux(), err);

        assertEquals(List.of(), sources);
        assertTrue(err().contains("none in the default locations"), err());
    }
}
