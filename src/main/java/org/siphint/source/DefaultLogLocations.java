package org.siphint.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.siphint.event.Role;

/**
 * Where the supported softphones and PBXes write their logs by default on each operating system,
 * so the daemon finds them without configuration. A location is either documented by the software
 * ({@code verified}) or a common convention (a distribution's or package manager's choice, or the
 * folder a program uses for its other files); the README's table lists them all.
 */
public final class DefaultLogLocations {

    /**
     * One place a log may be.
     *
     * @param path     a file, or a folder whose newest {@code .log}/{@code .txt} file is the log
     * @param role     whose log it is
     * @param software the program that writes it
     * @param verified documented by the software or its package, rather than a convention
     */
    public record Location(Path path, Role role, String software, boolean verified) {
    }

    /**
     * The locations checked on one machine: the logs that exist there and the locations that do not.
     *
     * @param found   log files to watch
     * @param missing locations with no log (reported once, not watched)
     */
    public record Resolution(List<LogSource> found, List<Location> missing) {
    }

    private DefaultLogLocations() {
    }

    /** Every location to look at on this platform, PBX logs first. */
    public static List<Location> candidates(Platform platform) {
        List<Location> out = new ArrayList<>();
        switch (platform.os()) {
            case LINUX -> linux(platform, out);
            case WINDOWS -> windows(platform, out);
            case MACOS -> macos(platform, out);
            default -> throw new IllegalStateException("no defaults for " + platform.os());
        }
        return List.copyOf(out);
    }

    /** Checks every candidate: a file that exists is watched, a folder gives its newest log file. */
    public static Resolution resolve(Platform platform) {
        List<LogSource> found = new ArrayList<>();
        List<Location> missing = new ArrayList<>();
        for (Location location : candidates(platform)) {
            Optional<Path> log = logAt(location.path());
            if (log.isPresent()) {
                found.add(new LogSource(log.get(), location.role(), null));
            } else {
                missing.add(location);
            }
        }
        return new Resolution(List.copyOf(found), List.copyOf(missing));
    }

    static Optional<Path> logAt(Path path) {
        if (Files.isRegularFile(path) && Files.isReadable(path)) {
            return Optional.of(path);
        }
        if (!Files.isDirectory(path)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> {
                        String name = f.getFileName().toString();
                        return name.endsWith(".log") || name.endsWith(".txt");
                    })
                    .max(Comparator.comparing(DefaultLogLocations::modified));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    private static void linux(Platform p, List<Location> out) {
        // Asterisk's logger.conf sample: "full" (verbose, where pjsip logger output goes) and "messages";
        // newer packages add the .log suffix.
        for (String name : List.of("full", "full.log", "messages", "messages.log")) {
            out.add(new Location(p.system("/var/log/asterisk/" + name), Role.PBX, "Asterisk", true));
        }
        out.add(new Location(p.system("/var/log/freeswitch/freeswitch.log"), Role.PBX, "FreeSWITCH", true));
        out.add(new Location(p.system("/usr/local/freeswitch/log/freeswitch.log"), Role.PBX, "FreeSWITCH", true));
        // Kamailio and OpenSIPS log to syslog; a file of their own is a common rsyslog rule.
        out.add(new Location(p.system("/var/log/kamailio.log"), Role.PBX, "Kamailio", false));
        out.add(new Location(p.system("/var/log/opensips.log"), Role.PBX, "OpenSIPS", false));
        Path data = p.folder("XDG_DATA_HOME").orElse(p.home().resolve(".local/share"));
        out.add(new Location(data.resolve("linphone/logs"), Role.SOFTPHONE, "Linphone", false));
    }

    private static void windows(Platform p, List<Location> out) {
        // MicroSIP writes microsip_log.txt beside microsip.ini: %APPDATA%\MicroSIP for the installed
        // version; the installer puts the program in %LOCALAPPDATA%\MicroSIP. The portable version
        // keeps both beside microsip.exe, wherever it was unpacked: that one needs a config.
        p.folder("APPDATA").ifPresent(d ->
                out.add(new Location(d.resolve("MicroSIP").resolve("microsip_log.txt"), Role.SOFTPHONE, "MicroSIP", true)));
        p.folder("LOCALAPPDATA").ifPresent(d ->
                out.add(new Location(d.resolve("MicroSIP").resolve("microsip_log.txt"), Role.SOFTPHONE, "MicroSIP", false)));
        p.folder("APPDATA").ifPresent(d ->
                out.add(new Location(d.resolve("linphone").resolve("logs"), Role.SOFTPHONE, "Linphone", false)));
        p.folder("LOCALAPPDATA").ifPresent(d ->
                out.add(new Location(d.resolve("linphone").resolve("logs"), Role.SOFTPHONE, "Linphone", false)));
        p.folder("ProgramFiles").ifPresent(d -> out.add(new Location(
                d.resolve("FreeSWITCH").resolve("log").resolve("freeswitch.log"), Role.PBX, "FreeSWITCH", false)));
    }

    private static void macos(Platform p, List<Location> out) {
        // Homebrew's prefixes: /opt/homebrew on Apple silicon, /usr/local on Intel.
        for (String prefix : List.of("/opt/homebrew", "/usr/local")) {
            out.add(new Location(p.system(prefix + "/var/log/asterisk/full"), Role.PBX, "Asterisk", false));
            out.add(new Location(p.system(prefix + "/var/log/asterisk/messages"), Role.PBX, "Asterisk", false));
        }
        out.add(new Location(p.system("/usr/local/freeswitch/log/freeswitch.log"), Role.PBX, "FreeSWITCH", true));
        out.add(new Location(p.home().resolve("Library/Application Support/linphone/logs"), Role.SOFTPHONE, "Linphone", false));
        out.add(new Location(p.home().resolve("Library/Logs/linphone"), Role.SOFTPHONE, "Linphone", false));
    }
}
