package org.siphint.notify;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.siphint.finding.Finding;

/**
 * Picks the notifier for this machine: {@code desktop} (libnotify on Linux, the notification area on
 * Windows, {@code osascript} on macOS), {@code console} or {@code none}. When the desktop is asked
 * for but cannot work (no desktop session, no session bus, no server, a server that does not
 * answer), the choice falls back to the console and says why in one line.
 */
public final class Notifiers {

    /** How long the Linux start-up check may wait for the notification server (a frozen one never answers). */
    static final long PROBE_SECONDS = 5;

    private Notifiers() {
    }

    /** The kinds {@code --notifier} and the config's {@code notifier:} accept. */
    public static final List<String> KINDS = List.of("desktop", "console", "none");

    /**
     * The outcome of a choice.
     *
     * @param notifier the notifier, or null for {@code none}
     * @param fallback why the desktop was asked for and the console is used instead, or null
     */
    public record Choice(Notifier notifier, String fallback) {
        /** The one line that tells the user why there are no desktop pop-ups, or null. */
        public String fallbackLine() {
            return fallback == null ? null
                    : "siphint: no desktop notifications (" + fallback + "); pop-ups are printed on the console";
        }
    }

    /**
     * Chooses a notifier.
     *
     * @param kind    desktop, console or none
     * @param env     the environment (the session's variables decide on Linux)
     * @param osName  the {@code os.name} property
     * @param console where the console notifier prints
     * @throws IllegalArgumentException for an unknown kind
     */
    public static Choice choose(String kind, Map<String, String> env, String osName, PrintStream console) {
        return choose(kind, env, osName, console, finding -> Optional.empty());
    }

    /**
     * Like {@link #choose(String, Map, String, PrintStream)}, with the finding's HTML report (when
     * one was written) as what "Details" opens instead of the plain-text explanation.
     */
    public static Choice choose(String kind, Map<String, String> env, String osName, PrintStream console,
                                Function<Finding, Optional<Path>> reports) {
        switch (kind == null ? "desktop" : kind.trim().toLowerCase(Locale.ROOT)) {
            case "none":
                return new Choice(null, null);
            case "console":
                return new Choice(new ConsoleNotifier(console), null);
            case "desktop":
                try {
                    return new Choice(desktop(env, osName, reports), null);
                } catch (NotifierException e) {
                    return new Choice(new ConsoleNotifier(console), e.getMessage());
                }
            default:
                throw new IllegalArgumentException("unknown notifier '" + kind + "' (" + String.join(", ", KINDS) + ")");
        }
    }

    /** The desktop notifier of this OS, checked to work; the exception says in one line why not. */
    public static Notifier desktop(Map<String, String> env, String osName) throws NotifierException {
        return desktop(env, osName, finding -> Optional.empty());
    }

    /** The desktop notifier of this OS whose "Details" opens the finding's report when there is one. */
    public static Notifier desktop(Map<String, String> env, String osName, Function<Finding, Optional<Path>> reports)
            throws NotifierException {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return new WindowsTrayNotifier();
        }
        if (os.startsWith("mac")) {
            return new MacNotifier();
        }
        String problem = linuxSessionProblem(env);
        if (problem != null) {
            throw new NotifierException(problem);
        }
        Path cache = ExplanationFile.cacheDir(env, osName);
        LibnotifyNotifier.DetailsHandler details = finding -> openDetails(cache, osName, finding, reports);
        return probe(() -> LibnotifyNotifier.open(details, cache));
    }

    /**
     * Why a Linux process has no desktop to notify, or null: it needs a display (X11 or Wayland) and
     * a session bus (its address, or the systemd user bus socket that GLib finds by itself). Without
     * a bus address libnotify may spawn a stray bus with {@code dbus-launch}, so none is a no.
     */
    static String linuxSessionProblem(Map<String, String> env) {
        if (blank(env.get("DISPLAY")) && blank(env.get("WAYLAND_DISPLAY"))) {
            return "no desktop session: neither DISPLAY nor WAYLAND_DISPLAY is set";
        }
        if (blank(env.get("DBUS_SESSION_BUS_ADDRESS"))) {
            String runtime = env.get("XDG_RUNTIME_DIR");
            if (blank(runtime) || !Files.exists(Path.of(runtime, "bus"))) {
                return "no session D-Bus: DBUS_SESSION_BUS_ADDRESS is not set";
            }
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private interface Opener {
        Notifier open() throws NotifierException;
    }

    /** Opens a notifier on a thread of its own and waits a bounded time: a frozen server blocks 25 s. */
    private static Notifier probe(Opener opener) throws NotifierException {
        CompletableFuture<Notifier> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(opener.open());
            } catch (NotifierException | RuntimeException | LinkageError e) {
                result.completeExceptionally(e);
            }
        }, "siphint-notifier-probe");
        t.setDaemon(true);
        t.start();
        try {
            return result.get(PROBE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new NotifierException("the notification server did not answer within " + PROBE_SECONDS + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof NotifierException n ? n : new NotifierException(String.valueOf(cause.getMessage()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotifierException("interrupted while checking the notification server", e);
        }
    }

    /**
     * Opens the finding's HTML report (its ladder diagram) when one was written, else writes its
     * plain-text explanation and opens that; with the desktop's viewer, never through a shell.
     */
    static void openDetails(Path cache, String osName, Finding finding, Function<Finding, Optional<Path>> reports)
            throws IOException {
        Optional<Path> report = reports.apply(finding);
        Path file = report.isPresent() ? report.get() : ExplanationFile.write(cache.resolve("findings"), finding);
        Process p = new ProcessBuilder(ExplanationFile.openCommand(osName, file))
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start();
        p.getOutputStream().close();
    }

    /** A finding to try a notifier with ({@code doctor --notify}). */
    public static Finding testFinding() {
        return new Finding("doctor-test", null, "warning", "siphint can show pop-ups", Instant.now(), null, null,
                "This is a test notification from siphint doctor.",
                "siphint shows a pop-up like this one when a call goes wrong.",
                List.of("Nothing to do: notifications work."), List.of(), List.of(), "doctor");
    }
}
