package org.siphint.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged {@code siphint watch} against a real desktop: Xvfb, a session D-Bus and the dunst
 * notification server (see {@link DesktopSession}). A failing call written into a followed log must
 * reach the server as a Notify call with the catalog's title, the finding's summary and critical
 * urgency; hostile log text must arrive as literal text; without a bus, watch keeps running on the
 * console; a frozen server holds neither the pipeline nor the shutdown.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopNotificationIT {

    static final Path JAR = Path.of(System.getProperty("siphint.jar", "target/siphint.jar")).toAbsolutePath();
    static final Path CALL_NOT_ACCEPTABLE = Path.of("sample-logs/asterisk/call-not-acceptable.log").toAbsolutePath();
    static final Path TRUNK_FORBIDDEN = Path.of("sample-logs/asterisk/trunk-register-forbidden.log").toAbsolutePath();
    private static final Path HOSTILE = Path.of("src/test/resources/notify/hostile-call.log").toAbsolutePath();
    private static final String TITLE_488 = "The other side cannot accept the call's audio (488 Not Acceptable Here)";

    private static Path dir;
    private static DesktopSession desktop;

    @BeforeAll
    static void startDesktop() throws Exception {
        dir = Files.createTempDirectory("siphint-desktop");
        desktop = DesktopSession.start(dir);
    }

    @AfterAll
    static void stopDesktop() throws IOException {
        stop(desktop, dir);
    }

    /** Stops a test desktop (when it started) and deletes its folder. */
    static void stop(DesktopSession desktop, Path dir) throws IOException {
        if (desktop != null) {
            desktop.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @BeforeEach
    void clearPopUps() throws Exception {
        desktop.run(10, "dunstctl", "close-all");
    }

    /** One {@code siphint watch} process, its stdout lines stamped with the time they arrived. */
    static final class Watch implements AutoCloseable {
        record Line(long millis, String text) {
        }

        final Process process;
        final Path log;
        final Path err;
        final Path work;
        final List<Line> out = Collections.synchronizedList(new ArrayList<>());

        Watch(String name, Map<String, String> env, String... extra) throws Exception {
            this(dir, name, env, extra);
        }

        /** A watch working in {@code base/name}, following the file {@code full} there. */
        Watch(Path base, String name, Map<String, String> env, String... extra) throws Exception {
            work = Files.createDirectories(base.resolve(name));
            log = Files.createFile(work.resolve("full"));
            err = work.resolve("stderr.txt");
            Path bin = Files.createDirectories(work.resolve("bin"));
            // a stand-in for the desktop's viewer: records the arguments it was given, one a line
            Path opener = bin.resolve("xdg-open");
            Files.writeString(opener, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$SIPHINT_TEST_OPENED\"\n");
            opener.toFile().setExecutable(true);
            List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-jar", JAR.toString(), "watch"));
            command.addAll(List.of(extra));
            command.add(log.toString());
            ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectError(err.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            pb.environment().put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
            pb.environment().put("XDG_CACHE_HOME", work.resolve("cache").toString());
            // each run its own state: the findings one run showed must not silence the next run's
            pb.environment().put("XDG_STATE_HOME", work.resolve("state").toString());
            pb.environment().put("SIPHINT_TEST_OPENED", work.resolve("opened.txt").toString());
            process = pb.start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        out.add(new Line(System.currentTimeMillis(), line));
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "watch-stdout");
            reader.setDaemon(true);
            reader.start();
            await(() -> stderr().contains("siphint: watching"), 90, "watch did not start");
            Thread.sleep(1000); // the tailer takes the file's end as its start on its own thread
        }

        String stderr() {
            try {
                return Files.exists(err) ? Files.readString(err) : "";
            } catch (IOException e) {
                return "";
            }
        }

        long append(Path sample) throws IOException {
            long now = System.currentTimeMillis();
            Files.write(log, Files.readAllBytes(sample), StandardOpenOption.APPEND);
            return now;
        }

        /** When the first stdout line containing {@code text} arrived. */
        long awaitOut(String text, long seconds) throws Exception {
            await(() -> find(text) != null, seconds, "no '" + text + "' on stdout; stderr:\n" + stderr());
            return find(text).millis();
        }

        private Line find(String text) {
            synchronized (out) {
                return out.stream().filter(l -> l.text().contains(text)).findFirst().orElse(null);
            }
        }

        int awaitExit(long seconds) throws Exception {
            assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), "watch did not stop within " + seconds + " s");
            return process.exitValue();
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void await(Condition c, long seconds, String message) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(message + " (waited " + seconds + " s)");
            }
            Thread.sleep(20);
        }
    }

    @Test
    @Order(0)
    void doctorReportsTheWorkingNotifierAndTheConfiguredFilesAndShowsATestPopUp() throws Exception {
        int before = desktop.notifyCalls().size();
        Path work = Files.createDirectories(dir.resolve("doctor"));
        Path config = work.resolve("siphint.yaml");
        Files.writeString(config, "logs:\n  - path: " + work.resolve("full") + "\n    role: pbx\n");
        ProcessBuilder pb = new ProcessBuilder("java", "-jar", JAR.toString(), "doctor", "--notify", "--config", config.toString())
                .directory(work.toFile()).redirectErrorStream(true);
        pb.environment().putAll(desktop.env());
        pb.environment().put("XDG_CACHE_HOME", work.resolve("cache").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "doctor did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("notifier: libnotify (server dunst"), out);
        assertTrue(out.contains("test:     a test notification was shown"), out);
        assertTrue(out.contains(work.resolve("full") + "  role pbx, dialect detected: missing (watch waits for it)"), out);
        List<DesktopSession.Notify> calls = desktop.awaitNotify(before + 1, 10);
        assertEquals("siphint can show pop-ups", calls.get(calls.size() - 1).summary());
    }

    @Test
    @Order(1)
    void failingCallPopsUpWithTheCatalogTitleTheSummaryAndCriticalUrgency() throws Exception {
        int before = desktop.notifyCalls().size();
        try (Watch watch = new Watch("call", desktop.env())) {
            assertTrue(watch.stderr().contains("pop-ups: libnotify"), watch.stderr());
            long appended = watch.append(CALL_NOT_ACCEPTABLE);
            long found = watch.awaitOut("sip-488", 30);
            List<DesktopSession.Notify> calls = desktop.awaitNotify(before + 1, 30);
            assertEquals(before + 1, calls.size(), "one Notify call expected; stderr:\n" + watch.stderr());
            DesktopSession.Notify n = calls.get(before);
            assertEquals("siphint", n.appName());
            assertEquals(TITLE_488, n.summary());
            assertTrue(n.body().startsWith("The call to sip:1002@pbx.example.com was refused because none of the offered "
                    + "codecs (G729) is acceptable"), n.body());
            assertTrue(n.body().contains("\nTry: Enable G.711 (PCMU and PCMA) in your softphone&apos;s codec settings"), n.body());
            assertEquals(2, n.urgency(), "an error is critical");
            assertTrue(n.icon().endsWith("icon-error.png") && Files.exists(Path.of(n.icon())), n.icon());
            assertEquals(List.of("default", "Details", "details", "Details"), n.actions());
            System.out.printf("desktop notification latency: finding printed -> Notify received %.1f ms, "
                    + "line appended -> Notify received %.1f ms%n", n.epochMillis() - found, n.epochMillis() - appended);
            Thread.sleep(300); // let dunst draw before the screenshot
            desktop.run(20, "import", "-window", "root", Path.of("target", "notification.png").toAbsolutePath().toString());
        }
    }

    @Test
    @Order(2)
    void hostileLogTextReachesTheServerAsLiteralTextAndNothingRuns() throws Exception {
        int before = desktop.notifyCalls().size();
        try (Watch watch = new Watch("hostile", desktop.env())) {
            watch.append(HOSTILE);
            watch.awaitOut("sip-488", 30);
            List<DesktopSession.Notify> calls = desktop.awaitNotify(before + 1, 30);
            assertEquals(before + 1, calls.size(), watch.stderr());
            String body = calls.get(before).body();
            // the codec names of the SDP carry markup, quotes, a shell and an AppleScript payload
            assertTrue(body.contains("codecs (&lt;b&gt;G729&lt;b&gt;&amp;amp;&apos;&quot;; rm -rf ~; &quot;&apos;"
                    + "$(touch siphint-pwned), &lt;a href=x&gt;&quot; &amp; do shell script &quot;touch siphint-pwned&quot; "
                    + "&amp; &quot;&lt;img src=x&gt;)"), body);
            assertFalse(body.contains("<") || body.contains(">") || body.contains("\""), "raw markup reached the server: " + body);
            // dunst prints after it has drawn the pop-up, a moment after the D-Bus call was seen
            await(() -> Files.readString(desktop.dunstLog).contains("&lt;img src=x&gt;"), 10,
                    "dunst's formatted text shows it literally");

            // "Details" (here the default action) opens the finding's report with the viewer
            assertEquals(0, desktop.run(10, "dunstctl", "action", "0"));
            Path opened = watch.work.resolve("opened.txt");
            await(() -> Files.exists(opened) && !Files.readString(opened).isEmpty(), 10, "the viewer was not started");
            List<String> args = Files.readAllLines(opened);
            assertEquals(1, args.size(), "one argument, the file: " + args);
            Path page = Path.of(args.get(0));
            assertTrue(page.startsWith(watch.work.resolve("cache").resolve("siphint").resolve("reports")), page.toString());
            assertTrue(page.getFileName().toString().endsWith(".html"), page.toString());
            String html = Files.readString(page);
            assertTrue(html.contains("&lt;b&gt;G729&lt;b&gt;&amp;amp;"), "the hostile codec name is escaped in the report");
            assertFalse(html.contains("<b>G729") || html.contains("<a href=x>"), "no markup from the log in the report");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().equals("siphint-pwned")), "a payload ran");
        }
    }

    @Test
    @Order(3)
    void withoutASessionBusWatchKeepsRunningOnTheConsoleAndSaysWhyOnce() throws Exception {
        Map<String, String> env = desktop.env();
        env.put("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + dir.resolve("no-bus-here"));
        try (Watch watch = new Watch("no-bus", env, "--duration", "8s")) {
            watch.append(CALL_NOT_ACCEPTABLE);
            watch.awaitOut("sip-488", 30);
            assertEquals(0, watch.awaitExit(40), watch.stderr());
            String err = watch.stderr();
            assertEquals(1, err.lines().filter(l -> l.contains("no desktop notifications")).count(), err);
            assertTrue(err.contains("siphint: no desktop notifications (no notification server answers on the session D-Bus); "
                    + "pop-ups are printed on the console"), err);
            assertTrue(err.contains("┌─ siphint: " + TITLE_488), "the console shows the pop-up instead:\n" + err);
        }
    }

    @Test
    @Order(4)
    void aFrozenServerHoldsNeitherThePipelineNorTheShutdown() throws Exception {
        // 403 findings are judged 10 s after the refusal (an attacking address is sip-scan instead):
        // the deadline leaves room for that, and still falls before the frozen Notify call times out
        try (Watch watch = new Watch("frozen", desktop.env(), "--duration", "20s")) {
            desktop.signalServer("STOP");
            try {
                watch.append(CALL_NOT_ACCEPTABLE);
                assertNotNull(watch.awaitOut("sip-488", 30));
                watch.append(TRUNK_FORBIDDEN);
                assertNotNull(watch.awaitOut("sip-403", 30), "the pipeline went on while the pop-up waited");
                // the Notify call takes 25 s to time out; watch stops at its deadline all the same
                assertEquals(0, watch.awaitExit(25), watch.stderr());
            } finally {
                desktop.signalServer("CONT");
            }
        }
    }
}
