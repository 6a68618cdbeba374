package org.siphint.source;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Setup that silently yields nothing: most softphones write no SIP log until told to. For each
 * softphone or PBX found on this machine (its settings or log folder exists), whether its log
 * exists, was written in the last day and holds SIP messages; and when not, exactly which setting
 * turns logging on and where it is. {@code doctor} and the tray's "Check setup" print it; {@code
 * watch} says it once for a watched log that held no SIP message for a day.
 */
public final class SetupCheck {

    /** How much of a log's end is searched for a SIP message. */
    static final int TAIL_BYTES = 1 << 20;
    /** A log not written for this long is not being written. */
    public static final Duration QUIET = Duration.ofDays(1);

    /** How a program's log looks. */
    public enum Status {
        /** written in the last day, with SIP messages in it */
        LOGS_SIP,
        /** no log file where the program writes it */
        NO_LOG,
        /** a log, but nothing written to it for a day */
        NOT_GROWING,
        /** a log without a SIP message in its end: written, but with SIP logging off */
        NO_SIP,
        /** a log this user cannot read */
        UNREADABLE
    }

    /**
     * One program found on the machine.
     *
     * @param software  its name
     * @param foundBy   what says it is installed (its settings file or folder, or its log)
     * @param log       its log, or null when none was found
     * @param status    what the log shows
     * @param detail    one plain sentence about the log
     * @param howTo     how to turn SIP logging on in that program (the setting's name and where it is)
     */
    public record Program(String software, Path foundBy, Path log, Status status, String detail, String howTo) {
        public boolean ok() {
            return status == Status.LOGS_SIP;
        }
    }

    /** What to look for of one program. */
    private record Known(String software, List<Path> markers, String howTo) {
    }

    private SetupCheck() {
    }

    /** Every supported program found on this platform, with the state of its log. */
    public static List<Program> check(Platform p, Instant now) {
        Map<String, List<Path>> logs = new LinkedHashMap<>();
        for (DefaultLogLocations.Location l : DefaultLogLocations.candidates(p)) {
            logs.computeIfAbsent(l.software(), k -> new ArrayList<>()).add(l.path());
        }
        List<Program> out = new ArrayList<>();
        for (Known k : known(p)) {
            Path marker = k.markers().stream().filter(Files::exists).findFirst().orElse(null);
            Path log = null;
            Path location = null;
            for (Path candidate : logs.getOrDefault(k.software(), List.of())) {
                if (Files.exists(candidate)) {
                    location = candidate;
                }
                Optional<Path> found = DefaultLogLocations.logAt(candidate);
                if (found.isPresent()) {
                    log = found.get();
                    break;
                }
            }
            if (marker == null && location == null) {
                continue;
            }
            out.add(log == null
                    ? new Program(k.software(), marker != null ? marker : location, null, Status.NO_LOG,
                            logs.containsKey(k.software()) ? "no log at " + String.join(", ",
                                    logs.get(k.software()).stream().map(Path::toString).toList())
                                    : "siphint knows no usual place of its log: name it in the configuration's 'logs'",
                            k.howTo())
                    : examine(k.software(), marker != null ? marker : log, log, now, k.howTo()));
        }
        return out;
    }

    /** The state of one log file, and how to turn SIP logging on in the program that writes it. */
    static Program examine(String software, Path foundBy, Path log, Instant now, String howTo) {
        if (!Files.isReadable(log)) {
            return new Program(software, foundBy, log, Status.UNREADABLE, log + " cannot be read by this user", howTo);
        }
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(log).toInstant();
        } catch (IOException e) {
            return new Program(software, foundBy, log, Status.UNREADABLE, log + ": " + e.getMessage(), howTo);
        }
        String age = ago(Duration.between(modified, now));
        boolean sip;
        try {
            sip = holdsSip(log);
        } catch (IOException e) {
            return new Program(software, foundBy, log, Status.UNREADABLE, log + ": " + e.getMessage(), howTo);
        }
        if (!sip) {
            return new Program(software, foundBy, log, Status.NO_SIP, log + " (last written " + age
                    + ") holds no SIP message: SIP logging is off", howTo);
        }
        if (Duration.between(modified, now).compareTo(QUIET) > 0) {
            return new Program(software, foundBy, log, Status.NOT_GROWING, log + " holds SIP messages but was last written "
                    + age + ": is the program running, and does it still log there?", howTo);
        }
        return new Program(software, foundBy, log, Status.LOGS_SIP, log + " holds SIP messages, last written " + age, howTo);
    }

    /** Whether the last {@link #TAIL_BYTES} of the file hold a SIP request or status line ({@code SIP/2.0}). */
    public static boolean holdsSip(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            int n = (int) Math.min(length, TAIL_BYTES);
            byte[] tail = new byte[n];
            f.seek(length - n);
            f.readFully(tail);
            return new String(tail, StandardCharsets.ISO_8859_1).contains("SIP/2.0");
        }
    }

    /** The setting that turns SIP logging on in {@code software}, or null when siphint knows none. */
    public static String howTo(Platform p, String software) {
        return known(p).stream().filter(k -> k.software().equals(software)).map(Known::howTo).findFirst().orElse(null);
    }

    private static String ago(Duration d) {
        if (d.isNegative() || d.toMinutes() < 1) {
            return "just now";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min ago";
        }
        if (d.toDays() < 2) {
            return d.toHours() + " h ago";
        }
        return d.toDays() + " days ago";
    }

    private static List<Known> known(Platform p) {
        List<Known> k = new ArrayList<>();
        Path home = p.home();
        Path config = p.folder("XDG_CONFIG_HOME").orElse(home.resolve(".config"));
        Path data = p.folder("XDG_DATA_HOME").orElse(home.resolve(".local/share"));
        String microsip = "MicroSIP: open the menu (the arrow at the top right) → Settings → tick \"Enable log file\" "
                + "(microsip.ini: enableLog=1), then restart MicroSIP; it writes microsip_log.txt beside microsip.ini";
        String linphone = "Linphone: Settings (Preferences) → Advanced → Logs → turn on \"Enable logs\"; "
                + "the SIP messages are written at the debug level";
        String bria = "Bria: Help → Troubleshooting → tick \"Enable advanced logging\", then restart Bria; "
                + "name the log file in siphint's configuration";
        String zoiper = "Zoiper 5: Settings → Advanced → Diagnostics → turn on \"Enable debug log\"; siphint has no "
                + "reader for Zoiper's log format yet, so watch the PBX's log for Zoiper's calls";
        String asterisk = "Asterisk: in /etc/asterisk/logger.conf give the full log the verbose level "
                + "(full => notice,warning,error,verbose) and run 'logger reload', then 'pjsip set logger on' "
                + "(or debug=yes in the [global] section of pjsip.conf; chan_sip: 'sip set debug on')";
        String freeswitch = "FreeSWITCH: in fs_cli run 'sofia global siptrace on' (or <param name=\"sip-trace\" "
                + "value=\"yes\"/> in the profile's settings in sofia.conf.xml), with the log level at debug";
        String kamailio = "Kamailio: loadmodule \"sipdump.so\" and modparam(\"sipdump\", \"enable\", 1) in kamailio.cfg "
                + "(writes SIP to files in /tmp), or log SIP with xlog to a file rsyslog writes";
        switch (p.os()) {
            case WINDOWS -> {
                List<Path> ms = new ArrayList<>();
                p.folder("APPDATA").ifPresent(d -> ms.add(d.resolve("MicroSIP").resolve("microsip.ini")));
                p.folder("LOCALAPPDATA").ifPresent(d -> ms.add(d.resolve("MicroSIP").resolve("microsip.exe")));
                k.add(new Known("MicroSIP", ms, microsip));
                List<Path> lp = new ArrayList<>();
                p.folder("APPDATA").ifPresent(d -> lp.add(d.resolve("linphone")));
                p.folder("LOCALAPPDATA").ifPresent(d -> lp.add(d.resolve("linphone")));
                k.add(new Known("Linphone", lp, linphone));
                List<Path> br = new ArrayList<>();
                p.folder("APPDATA").ifPresent(d -> br.add(d.resolve("CounterPath")));
                k.add(new Known("Bria", br, bria));
                List<Path> zo = new ArrayList<>();
                p.folder("APPDATA").ifPresent(d -> zo.add(d.resolve("Zoiper5")));
                k.add(new Known("Zoiper", zo, zoiper));
                k.add(new Known("FreeSWITCH", List.of(), freeswitch));
            }
            case MACOS -> {
                Path support = home.resolve("Library/Application Support");
                k.add(new Known("Linphone", List.of(support.resolve("linphone")), linphone));
                k.add(new Known("Bria", List.of(support.resolve("CounterPath")), bria));
                k.add(new Known("Zoiper", List.of(support.resolve("Zoiper5")), zoiper));
                k.add(new Known("Asterisk", List.of(p.system("/opt/homebrew/etc/asterisk"), p.system("/usr/local/etc/asterisk")),
                        asterisk));
                k.add(new Known("FreeSWITCH", List.of(p.system("/usr/local/freeswitch/conf")), freeswitch));
            }
            default -> {
                k.add(new Known("Asterisk", List.of(p.system("/etc/asterisk/logger.conf")), asterisk));
                k.add(new Known("FreeSWITCH", List.of(p.system("/etc/freeswitch"), p.system("/usr/local/freeswitch/conf")),
                        freeswitch));
                k.add(new Known("Kamailio", List.of(p.system("/etc/kamailio/kamailio.cfg")), kamailio));
                k.add(new Known("Linphone", List.of(config.resolve("linphone/linphonerc"), home.resolve(".linphonerc"),
                        data.resolve("linphone")), linphone));
                k.add(new Known("Zoiper", List.of(home.resolve(".Zoiper5")), zoiper));
            }
        }
        return k;
    }
}
