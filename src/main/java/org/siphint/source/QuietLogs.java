package org.siphint.source;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Says once for each watched log that has held no SIP message for a while (a day by default):
 * the program writing it most likely has SIP logging off, and siphint would stay silent for good.
 * {@link #check} is called now and then (a background thread of {@code watch}); it reads at most the
 * last megabyte of each file.
 */
public final class QuietLogs {

    private static final class Watched {
        final LogSource source;
        Instant lastSip;
        boolean said;

        Watched(LogSource source, Instant since) {
            this.source = source;
            this.lastSip = since;
        }
    }

    private final List<Watched> logs = new ArrayList<>();
    private final Duration quiet;
    private final Clock clock;
    private final Platform platform;

    public QuietLogs(List<LogSource> sources, Duration quiet, Clock clock, Platform platform) {
        this.quiet = quiet;
        this.clock = clock;
        this.platform = platform;
        Instant now = clock.instant();
        for (LogSource s : sources) {
            logs.add(new Watched(s, now));
        }
    }

    /** How often {@link #check} is worth calling: a 144th of the quiet time, between 1 s and 10 minutes. */
    public Duration interval() {
        long millis = Math.max(1000, Math.min(quiet.toMillis() / 144, Duration.ofMinutes(10).toMillis()));
        return Duration.ofMillis(millis);
    }

    /** Checks every log; each note goes to {@code say}, once per log until it holds SIP again. */
    public synchronized void check(Consumer<String> say) {
        Instant now = clock.instant();
        for (Watched w : logs) {
            boolean sip;
            try {
                sip = SetupCheck.holdsSip(w.source.path());
            } catch (IOException e) {
                sip = false; // missing or unreadable: watch reports that itself
            }
            if (sip) {
                w.lastSip = now;
                w.said = false;
            } else if (!w.said && Duration.between(w.lastSip, now).compareTo(quiet) >= 0) {
                w.said = true;
                say.accept("siphint: " + w.source.path() + " has held no SIP message for " + words(quiet)
                        + ": its program most likely does not log SIP. " + howTo(w.source));
            }
        }
    }

    private String howTo(LogSource source) {
        Path path = source.path().toAbsolutePath();
        for (DefaultLogLocations.Location l : DefaultLogLocations.candidates(platform)) {
            if (path.startsWith(l.path().toAbsolutePath())) {
                String how = SetupCheck.howTo(platform, l.software());
                if (how != null) {
                    return "To turn it on: " + how;
                }
            }
        }
        if ("pjsip".equals(source.dialect()) || path.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
                .startsWith("microsip")) {
            return "To turn it on: " + SetupCheck.howTo(platform.os() == Platform.Os.WINDOWS ? platform
                    : new Platform(Platform.Os.WINDOWS, platform.env(), platform.home(), platform.root()), "MicroSIP");
        }
        return "'siphint doctor' says how to turn SIP logging on in the softphones and PBXes it finds.";
    }

    private static String words(Duration d) {
        if (d.toDays() == 1 && d.toHours() == 24) {
            return "a day";
        }
        if (d.toHours() >= 1) {
            return d.toHours() + " h";
        }
        if (d.toMinutes() >= 1) {
            return d.toMinutes() + " min";
        }
        return d.toSeconds() + " s";
    }
}
