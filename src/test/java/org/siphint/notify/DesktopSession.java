package org.siphint.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throw-away Linux desktop for tests: {@code Xvfb} on a free display, a session D-Bus, the
 * {@code dunst} notification server (printing what it receives) and {@code dbus-monitor} recording
 * every {@code Notify} call. Every process is stopped by its PID in {@link #close()}; every wait is
 * bounded. The tools come from Debian ({@code .ci/run} installs them); a missing one fails loudly.
 */
final class DesktopSession implements AutoCloseable {

    static final List<String> TOOLS = List.of("Xvfb", "xdpyinfo", "dbus-daemon", "dunst", "dunstctl", "dbus-monitor", "import");

    /** One {@code Notify} call as the server received it, and when (the bus's wall clock, epoch ms). */
    record Notify(double epochMillis, String appName, String icon, String summary, String body, int urgency,
                  List<String> actions) {
    }

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private long busPid;
    final String display;
    final String busAddress;
    final Path monitorLog;
    final Path dunstLog;
    private Process dunst;

    private DesktopSession(Path dir, String display, String busAddress, Path monitorLog, Path dunstLog) {
        this.dir = dir;
        this.display = display;
        this.busAddress = busAddress;
        this.monitorLog = monitorLog;
        this.dunstLog = dunstLog;
    }

    static String missingTools() {
        List<String> missing = new ArrayList<>();
        for (String tool : TOOLS) {
            boolean found = false;
            for (String p : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                if (!p.isEmpty() && Files.isExecutable(Path.of(p, tool))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                missing.add(tool);
            }
        }
        return missing.isEmpty() ? null : String.join(", ", missing);
    }

    static DesktopSession start(Path dir) throws Exception {
        String missing = missingTools();
        if (missing != null) {
            throw new IllegalStateException("the desktop notification test needs " + missing
                    + " (Debian: apt-get install xvfb x11-utils dbus dunst libnotify4 libnotify-bin imagemagick; see .ci/run)");
        }
        DesktopSession s = null;
        try {
            // -displayfd: Xvfb picks a free display number itself and writes it once it accepts clients
            Process xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1024x768x24", "-nolisten", "tcp")
                    .redirectError(dir.resolve("xvfb.log").toFile()).start();
            CompletableFuture<String> number = CompletableFuture.supplyAsync(() -> {
                try {
                    return new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                } catch (IOException e) {
                    return null;
                }
            });
            String n;
            try {
                n = number.get(15, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                n = null;
            }
            if (n == null || !n.trim().matches("[0-9]+")) {
                xvfb.destroyForcibly();
                throw new IllegalStateException("Xvfb did not start: " + Files.readString(dir.resolve("xvfb.log")));
            }
            String display = ":" + n.trim();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (true) {
                Process probe = new ProcessBuilder("xdpyinfo", "-display", display).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    break;
                }
                probe.destroyForcibly();
                if (!xvfb.isAlive() || System.nanoTime() > deadline) {
                    xvfb.destroyForcibly();
                    throw new IllegalStateException("Xvfb " + display + " does not answer: " + Files.readString(dir.resolve("xvfb.log")));
                }
                Thread.sleep(100);
            }
            Process bus = new ProcessBuilder("dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(bus.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; lines.size() < 2 && (line = r.readLine()) != null; ) {
                    lines.add(line.trim());
                }
            }
            if (!bus.waitFor(10, TimeUnit.SECONDS) || lines.size() < 2) {
                bus.destroyForcibly();
                xvfb.destroyForcibly();
                throw new IllegalStateException("dbus-daemon did not start: " + lines);
            }
            s = new DesktopSession(dir, display, lines.get(0), dir.resolve("notify-calls.txt"), dir.resolve("dunst.txt"));
            s.processes.add(xvfb);
            s.busPid = Long.parseLong(lines.get(1));
            Path config = dir.resolve("dunstrc");
            Files.writeString(config, "[global]\n    markup = full\n    format = \"<b>%s</b>\\n%b\"\n"
                    + "    font = DejaVu Sans 10\n    width = 420\n    origin = top-right\n    offset = 10x10\n"
                    + "    frame_width = 2\n    icon_position = left\n    max_icon_size = 48\n");
            s.dunst = s.spawn(dir.resolve("dunst.txt"), "dunst", "-config", config.toString(), "-print");
            s.spawn(s.monitorLog, "dbus-monitor",
                    "type='method_call',interface='org.freedesktop.Notifications',member='Notify'");
            s.waitForServer();
            return s;
        } catch (Exception | Error e) {
            if (s != null) {
                s.close();
            }
            throw e;
        }
    }

    /** The environment of a desktop session on this display and bus. */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DISPLAY", display);
        env.put("DBUS_SESSION_BUS_ADDRESS", busAddress);
        env.remove("WAYLAND_DISPLAY");
        return env;
    }

    private Process spawn(Path log, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** Runs a short command in the session (dunstctl, import), bounded. */
    int run(long seconds, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("commands.txt").toFile()));
        pb.environment().putAll(env());
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + seconds + " s");
        }
        return p.exitValue();
    }

    private void waitForServer() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!dunst.isAlive()) {
                throw new IllegalStateException("dunst exited: " + Files.readString(dunstLog));
            }
            if (run(5, "dunstctl", "is-paused") == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("dunst did not answer on the session bus within 15 s");
    }

    /**
     * Starts Debian's {@code trayer}, a panel with an XEmbed system tray, at the bottom right of the
     * display, and waits (bounded) until its window is there. Its process is stopped in {@link #close()}.
     */
    void startTray() throws Exception {
        Process trayer = spawn(dir.resolve("trayer.txt"), "trayer", "--edge", "bottom", "--align", "right",
                "--widthtype", "pixel", "--width", "120", "--height", "24", "--transparent", "false", "--tint", "0x404040",
                "--SetDockType", "true");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!trayer.isAlive()) {
                throw new IllegalStateException("trayer exited: " + Files.readString(dir.resolve("trayer.txt")));
            }
            if (windowTree().contains("(\"panel\" \"trayer\")")) {
                Thread.sleep(300); // the panel takes the tray selection right after mapping its window
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("trayer's panel did not appear within 15 s");
    }

    /** {@code xwininfo -root -tree}: every window of the display, with its name, class and geometry. */
    String windowTree() throws Exception {
        return output(5, "xwininfo", "-root", "-tree");
    }

    /** Runs a short command in the session and answers its standard output (bounded). */
    String output(long seconds, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env());
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + seconds + " s");
        }
        return new String(out.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    /** Freezes or thaws the notification server (SIGSTOP / SIGCONT), by its PID. */
    void signalServer(String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(dunst.pid())).start().waitFor(5, TimeUnit.SECONDS);
    }

    /** Every Notify call recorded so far. */
    List<Notify> notifyCalls() throws IOException {
        List<Notify> calls = new ArrayList<>();
        List<String> lines = Files.readAllLines(monitorLog, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String header = lines.get(i);
            if (!header.startsWith("method call ") || !header.contains("member=Notify")) {
                continue;
            }
            Matcher time = Pattern.compile("time=([0-9.]+)").matcher(header);
            double millis = time.find() ? Double.parseDouble(time.group(1)) * 1000 : 0;
            List<String> block = new ArrayList<>();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).startsWith("method call ") && !lines.get(j).startsWith("signal ")) {
                block.add(lines.get(j++));
            }
            List<String> args = arguments(block);
            if (args.size() < 8) {
                continue; // the call is still being written
            }
            String hints = args.get(6);
            Matcher urgency = Pattern.compile("string \"urgency\"\\s+variant\\s+byte (\\d)").matcher(hints);
            List<String> actions = new ArrayList<>();
            Matcher action = Pattern.compile("string \"([^\"]*)\"").matcher(args.get(5));
            while (action.find()) {
                actions.add(action.group(1));
            }
            calls.add(new Notify(millis, string(args.get(0)), string(args.get(2)), string(args.get(3)), string(args.get(4)),
                    urgency.find() ? Integer.parseInt(urgency.group(1)) : -1, actions));
            i = j - 1;
        }
        return calls;
    }

    /** Splits dbus-monitor's argument lines (three spaces of indent start an argument). */
    private static List<String> arguments(List<String> block) {
        List<String> args = new ArrayList<>();
        StringBuilder current = null;
        for (String line : block) {
            boolean start = line.startsWith("   ") && !line.startsWith("    ")
                    && !line.equals("   ]") && !line.startsWith("   )");
            if (start) {
                if (current != null) {
                    args.add(current.toString());
                }
                current = new StringBuilder(line.substring(3));
            } else if (current != null) {
                current.append('\n').append(line);
            }
        }
        if (current != null) {
            args.add(current.toString());
        }
        return args;
    }

    private static String string(String arg) {
        if (arg.startsWith("string \"") && arg.endsWith("\"")) {
            return arg.substring(8, arg.length() - 1);
        }
        return arg;
    }

    /** Waits (bounded) until {@code count} Notify calls were recorded. */
    List<Notify> awaitNotify(int count, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Notify> calls = notifyCalls();
        while (calls.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
            calls = notifyCalls();
        }
        return calls;
    }

    @Override
    public void close() {
        if (dunst != null) {
            try {
                signalServer("CONT");
            } catch (Exception e) {
                // stopped below anyway
            }
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (busPid > 0) {
            ProcessHandle.of(busPid).ifPresent(ProcessHandle::destroy);
        }
    }
}
