package org.siphint.notify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.siphint.finding.Finding;

/**
 * macOS pop-ups through {@code osascript}'s {@code display notification}, with the title and body
 * passed as arguments of a fixed script ({@code on run argv}), so no text from a log is ever part of
 * the AppleScript source and a quote in it is just a quote.
 *
 * <p>Not JNA to the Objective-C runtime: {@code NSUserNotification} is deprecated since macOS 11 and
 * shows nothing for a process without an application bundle, and its successor
 * {@code UNUserNotificationCenter} refuses to work outside a signed bundle with a bundle identifier,
 * which a {@code java -jar} daemon does not have. {@code display notification} works from any
 * process and needs no native code; it costs one short-lived process per pop-up, and pop-ups are
 * rate-limited. AppleScript shows the text as it is: no markup, so no escaping, only bounds.
 */
public final class MacNotifier implements Notifier {

    /** The script, constant: the text arrives as {@code argv}. */
    static final List<String> SCRIPT = List.of(
            "on run argv",
            "display notification (item 2 of argv) with title (item 1 of argv)",
            "end run");
    private static final long TIMEOUT_SECONDS = 10;

    private final String osascript;

    public MacNotifier() {
        this("osascript");
    }

    MacNotifier(String osascript) {
        this.osascript = osascript;
    }

    /**
     * The command line for one pop-up: {@code osascript -e LINE... -- TITLE BODY}. The {@code --}
     * ends osascript's options, so a title starting with a dash is still text.
     */
    static List<String> command(String osascript, NotificationText text) {
        return command(osascript, SCRIPT, text);
    }

    static List<String> command(String osascript, List<String> script, NotificationText text) {
        List<String> command = new ArrayList<>();
        command.add(osascript);
        for (String line : script) {
            command.add("-e");
            command.add(line);
        }
        command.add("--");
        command.add(text.title());
        command.add(text.body());
        return command;
    }

    @Override
    public String name() {
        return "osascript";
    }

    @Override
    public void show(Finding finding) throws NotifierException {
        run(command(osascript, NotificationText.of(finding)));
    }

    private static void run(List<String> command) throws NotifierException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
        } catch (IOException e) {
            throw new NotifierException("osascript could not start: " + e.getMessage(), e);
        }
        try {
            // osascript says at most a line: it fits the pipe, so waiting first cannot deadlock
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new NotifierException("osascript did not finish within " + TIMEOUT_SECONDS + " s");
            }
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(2048);
            }
            if (p.exitValue() != 0) {
                String message = new String(out, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
                throw new NotifierException("osascript failed (exit " + p.exitValue() + "): "
                        + NotificationText.bound(message, 200));
            }
        } catch (IOException e) {
            p.destroyForcibly();
            throw new NotifierException("osascript failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NotifierException("interrupted while osascript ran", e);
        }
    }
}
