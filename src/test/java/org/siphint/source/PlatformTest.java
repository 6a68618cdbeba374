package org.siphint.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.siphint.source.Platform.Os;

class PlatformTest {

    private final Platform p = new Platform(Os.LINUX, Map.of("APPDATA", "/roaming", "LOGS", "/srv/logs"),
            Path.of("/home/alice"), Path.of("/"));

    @Test
    void expandsHomeAndBothVariableSyntaxes() {
        assertEquals(Path.of("/home/alice/.local/share/x.log"), p.expand("~/.local/share/x.log"));
        assertEquals(Path.of("/roaming/MicroSIP/microsip_log.txt"), p.expand("%APPDATA%/MicroSIP/microsip_log.txt"));
        assertEquals(Path.of("/srv/logs/full"), p.expand("${LOGS}/full"));
    }

    @Test
    void leavesUnsetVariablesAndOtherTildesAlone() {
        assertEquals(Path.of("%LOCALAPPDATA%/x.txt"), p.expand("%LOCALAPPDATA%/x.txt"));
        assertEquals(Path.of("/var/log/~bob/x"), p.expand("/var/log/~bob/x"));
    }

    @Test
    void systemPathsLiveUnderTheRoot() {
        Platform test = new Platform(Os.LINUX, Map.of(), Path.of("/t/home"), Path.of("/t"));
        assertEquals(Path.of("/t/etc/siphint"), test.system("/etc/siphint"));
    }

    @Test
    void osFamilyFromOsName() {
        assertEquals(Os.WINDOWS, Os.of("Windows 11"));
        assertEquals(Os.MACOS, Os.of("Mac OS X"));
        assertEquals(Os.LINUX, Os.of("Linux"));
        assertEquals(Os.LINUX, Os.of("FreeBSD"));
    }

    @Test
    void blankVariablesNameNoFolder() {
        Platform blank = new Platform(Os.WINDOWS, Map.of("APPDATA", " "), Path.of("/h"), Path.of("/"));
        assertEquals(java.util.Optional.empty(), blank.folder("APPDATA"));
    }
}
