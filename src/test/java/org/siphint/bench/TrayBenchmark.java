package org.siphint.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the tray icon costs: the start of {@code watch} (launch to "watching", and to "tray icon
 * shown") and its idle CPU and resident memory on 10 quiet files, with the icon and without it
 * ({@code --no-tray}), each started as the installed daemon (the launcher's JVM options and a class
 * data sharing archive made as the .deb's postinst makes it). Run it in a desktop session that has
 * a system tray (or under Xvfb with {@code trayer}):
 *
 * <pre>
 * mvn -B -q package -DskipTests &amp;&amp; mvn -B -q test-compile
 * java -cp target/test-classes org.siphint.bench.TrayBenchmark 60    # idle seconds
 * </pre>
 */
public final class TrayBenchmark {

    private static final int START_RUNS = 7;

    private TrayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int idleSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        if (System.getenv("DISPLAY") == null) {
            throw new IllegalStateException("run it in a desktop session with a system tray (DISPLAY is not set)");
        }
        Path dir = Files.createTempDirectory("siphint-tray-bench-");
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            logs.add(Files.writeString(dir.resolve("quiet-" + i + ".log"), ""));
        }
        List<String> options = new ArrayList<>(Benchmark.launcherOptions());
        Path archive = dir.resolve("siphint.jsa");
        Benchmark.makeArchive(options, archive, logs.get(0));
        options.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off"));
        System.out.printf("tray icon cost, %d cores, java %s, options: %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), String.join(" ", options));
        // the starts alternate, so a machine busy with something else slows both alike
        List<Double> without = new ArrayList<>();
        List<Double> watching = new ArrayList<>();
        List<Double> shown = new ArrayList<>();
        for (int i = 0; i < START_RUNS; i++) {
            without.add(start(options, dir, logs, false)[0]);
            double[] s = start(options, dir, logs, true);
            watching.add(s[0]);
            shown.add(s[1]);
        }
        Collections.sort(without);
        Collections.sort(watching);
        Collections.sort(shown);
        System.out.printf("  start, launch to \"watching\", median of %d: without the icon %.2f s (min %.2f, max %.2f), "
                        + "with it %.2f s (min %.2f, max %.2f); to \"tray icon shown\" %.2f s (min %.2f, max %.2f)%n",
                START_RUNS, median(without), without.get(0), without.get(START_RUNS - 1), median(watching), watching.get(0),
                watching.get(START_RUNS - 1), median(shown), shown.get(0), shown.get(START_RUNS - 1));
        idle(options, dir, logs, false, idleSeconds);
        idle(options, dir, logs, true, idleSeconds);
    }

    private static double median(List<Double> sorted) {
        return sorted.get(sorted.size() / 2);
    }

    private static List<String> command(List<String> options, Path dir, List<Path> logs, boolean tray) {
        List<String> c = new ArrayList<>(List.of("java"));
        c.addAll(options);
        c.addAll(List.of("-jar", Benchmark.JAR.toString(), "watch", "--notifier", "none", "--no-state",
                "--report-dir", dir.resolve("reports").toString()));
        if (!tray) {
            c.add("--no-tray");
        }
        logs.forEach(l -> c.add(l.toString()));
        return c;
    }

    /** Seconds from launch to "watching" and (with the icon) to "tray icon shown". */
    private static double[] start(List<String> options, Path dir, List<Path> logs, boolean tray) throws Exception {
        long launched = System.nanoTime();
        Process watch = new ProcessBuilder(command(options, dir, logs, tray))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        double[] s = {-1, -1};
        try (BufferedReader r = new BufferedReader(new InputStreamReader(watch.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.contains("watching") && s[0] < 0) {
                    s[0] = (System.nanoTime() - launched) / 1e9;
                    if (!tray) {
                        return s;
                    }
                }
                if (line.contains("tray icon")) {
                    if (!line.contains("tray icon shown")) {
                        throw new IllegalStateException("no icon: " + line);
                    }
                    s[1] = (System.nanoTime() - launched) / 1e9;
                    return s;
                }
            }
            throw new IllegalStateException("watch ended early: " + String.join(" ", command(options, dir, logs, tray)));
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void idle(List<String> options, Path dir, List<Path> logs, boolean tray, int seconds) throws Exception {
        Process watch = new ProcessBuilder(command(options, dir, logs, tray)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("idle-" + tray + ".out").toFile()).start();
        try {
            Thread.sleep(8000);
            long pid = watch.pid();
            long cpu0 = Benchmark.cpuTicks(pid);
            long rssMax = 0;
            for (int i = 0; i < seconds; i++) {
                Thread.sleep(1000);
                rssMax = Math.max(rssMax, Benchmark.rssKb(pid));
            }
            long cpu1 = Benchmark.cpuTicks(pid);
            System.out.printf("  %s idle, 10 quiet files, %d s: %.2f %% of one core, RSS %d MB (highest of the %d s)%n",
                    tray ? "with the icon   " : "without the icon", seconds, (cpu1 - cpu0) / 100.0 / seconds * 100.0,
                    rssMax / 1024, seconds);
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
