package org.siphint.bench;

import org.siphint.TestTools;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark: rerun it to get every performance figure of siphint on this machine, next to the
 * tools it is compared with. Not a test (nothing asserts a time); run after {@code mvn package}:
 * <pre>
 * mvn -B -q package -DskipTests &amp;&amp; mvn -B -q test-compile
 * java -cp target/test-classes org.siphint.bench.Benchmark [MB] [idle-seconds] [calls]
 * </pre>
 * It generates an Asterisk chan_pjsip log of normal traffic with a few failures mixed in (from the
 * bundled samples, fresh Call-IDs and times), and measures: replay throughput of the packaged jar
 * end to end, {@code grep -c 'SIP/2.0'} and {@code fail2ban-regex} (when installed) on the same
 * file; the start time of {@code watch}; the pop-up latency while the log grows at 1,000 lines/s
 * and for the first lines after a quiet spell (when the tailer polls at its slow pace); the idle
 * CPU and resident memory of {@code watch} on 10 quiet files; and the heap of a replay after a
 * tenth of {@code calls} (a million unless given) and after all of them.
 */
public final class Benchmark {

    static final Path JAR = Path.of("target/siphint.jar");
    /** Quiet long enough for the tailer to reach its slowest pace. */
    private static final long QUIET_SPELL_MILLIS = 5000;

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        long calls = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000;
        Path dir = Files.createTempDirectory("siphint-bench-");
        System.out.printf("siphint benchmark, %d cores, java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));

        Path log = dir.resolve("full");
        LogGenerator.Written generated = LogGenerator.generate(log, megabytes << 20);
        double mb = Files.size(log) / (double) (1 << 20);
        System.out.printf("log: %.0f MB, %d lines, %d calls (%d failing: %d refused 488, %d registrations refused 403),"
                        + " a call every %d s%n", mb, generated.lines(), generated.calls(), generated.failing(),
                generated.refused488(), generated.forbidden403(), LogGenerator.CALL_INTERVAL_SECONDS);

        double replay = seconds("java", "-jar", JAR.toString(), "replay", "--no-progress", log.toString());
        List<String> command = new ArrayList<>(List.of("java"));
        List<String> cliOptions = jpackageOptions("cli.options");
        command.addAll(cliOptions);
        command.addAll(List.of("-jar", JAR.toString(), "replay", "--no-progress", "--stats", log.toString()));
        Path findings = dir.resolve("findings.json");
        Path stats = dir.resolve("stats.txt");
        double installed = seconds(findings, stats, command.toArray(String[]::new));
        checkFindings(findings, stats, generated);
        double grep = seconds("grep", "-c", "SIP/2.0", log.toString());
        System.out.printf("replay (end to end, default JVM): %6.2f s  %7.1f MB/s  %9.0f lines/s%n", replay, mb / replay,
                generated.lines() / replay);
        System.out.printf("replay, the command's options:    %6.2f s  %7.1f MB/s  %9.0f lines/s  (%s, as siphint is installed)%n",
                installed, mb / installed, generated.lines() / installed, String.join(" ", cliOptions));
        warm(dir, log, mb, cliOptions);
        replay = Math.min(replay, installed);
        System.out.printf("grep -c 'SIP/2.0':                %6.2f s  %7.1f MB/s  (the faster replay is %.1fx slower)%n", grep,
                mb / grep, replay / grep);
        if (TestTools.onPath("fail2ban-regex")) {
            // fail2ban-regex reads about 20,000 lines/s: a gigabyte would take over 20 minutes, and its
            // rate does not depend on the length of the log, so it reads the log's first part
            Path slice = dir.resolve("slice");
            long sliceLines = head(log, slice, FAIL2BAN_SLICE_BYTES);
            double sliceMb = Files.size(slice) / (double) (1 << 20);
            double f2b = seconds("fail2ban-regex", slice.toString(), "asterisk");
            double replayLinesPerSecond = generated.lines() / replay;
            System.out.printf("fail2ban-regex asterisk filter:   %6.2f s  %7.1f MB/s  %9.0f lines/s  on the first %.0f MB"
                            + " (the faster replay: %.1fx its lines/s)%n",
                    f2b, sliceMb / f2b, sliceLines / f2b, sliceMb, replayLinesPerSecond / (sliceLines / f2b));
        } else {
            System.out.println("fail2ban-regex: not installed (apt-get install fail2ban), not compared");
        }

        startAndLatency(dir);
        idle(dir, idleSeconds);
        boundedMemory(dir, calls);
    }

    private static final long FAIL2BAN_SLICE_BYTES = 32L << 20;

    /** Replays of the same log one after another in one JVM ({@link WarmReplay}): the first is cold. */
    private static final int WARM_PASSES = 3;

    /**
     * The replay again, {@value #WARM_PASSES} times in one JVM with the installed options: the last
     * pass runs compiled code, so the cold replay's distance to it is HotSpot's warm-up (its
     * compilers share the cores with the replay's two threads), not the program's own work.
     */
    private static void warm(Path dir, Path log, double mb, List<String> cliOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(cliOptions);
        command.addAll(List.of("-cp", JAR + java.io.File.pathSeparator + "target/test-classes",
                WarmReplay.class.getName(), String.valueOf(WARM_PASSES), "replay", "--no-progress", log.toString()));
        Path passes = dir.resolve("warm.txt");
        Path out = dir.resolve("warm-findings.json");
        seconds(out, passes, command.toArray(String[]::new));
        List<String> lines = Files.readAllLines(passes).stream().filter(l -> l.startsWith("pass ")).toList();
        if (lines.size() != WARM_PASSES) {
            System.out.println("replay, warm JVM: failed: " + String.join(" | ", Files.readAllLines(passes)));
            return;
        }
        java.util.regex.Matcher first = PASS.matcher(lines.get(0));
        java.util.regex.Matcher last = PASS.matcher(lines.get(WARM_PASSES - 1));
        if (!first.matches() || !last.matches()) {
            System.out.println("replay, warm JVM: unreadable: " + lines);
            return;
        }
        double cold = Double.parseDouble(first.group(1));
        double warm = Double.parseDouble(last.group(1));
        System.out.printf("replay, warm JVM (pass %d of %d):   %6.2f s  %7.1f MB/s  (same options; pass 1 took %.2f s,"
                        + " with %.1f s of JIT compilation; pass %d %.1f s)%n", WARM_PASSES, WARM_PASSES, warm, mb / warm,
                cold, Double.parseDouble(first.group(2)), WARM_PASSES, Double.parseDouble(last.group(2)));
    }

    private static final java.util.regex.Pattern PASS = java.util.regex.Pattern.compile(
            "pass \\d+: ([0-9.]+) s, JIT ([0-9.]+) s");

    /** Copies the whole lines of {@code log} within its first {@code bytes} to {@code slice}; answers how many. */
    private static long head(Path log, Path slice, long bytes) throws IOException {
        long lines = 0;
        long written = 0;
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(slice, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null && written + line.length() + 1 <= bytes; line = in.readLine()) {
                out.write(line);
                out.write('\n');
                written += line.length() + 1;
                lines++;
            }
        }
        return lines;
    }

    /**
     * Time from launch to the "watching" line, and from an appended failing call to its finding,
     * in a growing log and after quiet spells. The start is measured as the installed daemon starts:
     * with the launcher's JVM options from installer/jpackage.xml and a class data sharing archive
     * made the way the deb's postinst makes it; next to it, the same without the archive and with
     * the default JVM.
     */
    static void startAndLatency(Path dir) throws Exception {
        Path log = dir.resolve("live.log");
        Files.createFile(log);
        List<String> launcher = launcherOptions();
        Path archive = dir.resolve("siphint.jsa");
        List<String> withArchive = new ArrayList<>(launcher);
        withArchive.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off"));
        makeArchive(launcher, archive, log);
        System.out.println("watch start, launch to \"watching\", median of " + START_RUNS + " starts:");
        System.out.println("  launcher options: " + String.join(" ", launcher));
        for (List<String> options : List.of(withArchive, launcher, List.<String>of())) {
            List<Double> seconds = new ArrayList<>();
            for (int i = 0; i < START_RUNS; i++) {
                seconds.add(startSeconds(options, log));
            }
            Collections.sort(seconds);
            String what = options == withArchive ? "launcher options + CDS archive (installed daemon)"
                    : options == launcher ? "launcher options, no archive" : "default JVM (java -jar)";
            System.out.printf("  %-50s %.2f s  (min %.2f, max %.2f)%n", what, seconds.get(seconds.size() / 2),
                    seconds.get(0), seconds.get(seconds.size() - 1));
        }

        Process watch = new ProcessBuilder(watchCommand(withArchive, log)).redirectErrorStream(false).start();
        AtomicLong watchingAt = new AtomicLong();
        List<Long> seenAt = Collections.synchronizedList(new ArrayList<>());
        Thread err = new Thread(() -> readLines(watch.getErrorStream(), line -> {
            if (line.contains("watching") && watchingAt.get() == 0) {
                watchingAt.set(System.nanoTime());
            }
        }));
        Thread out = new Thread(() -> readLines(watch.getInputStream(), line -> {
            if (line.contains("sip-488")) {
                seenAt.add(System.nanoTime());
            }
        }));
        err.start();
        out.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (watchingAt.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(1000);

        String refused = Files.readString(Path.of("sample-logs/asterisk/call-not-acceptable.log"));
        String[] background = Files.readString(Path.of("sample-logs/asterisk/call-ok.log")).split("\n");
        List<Double> latencies = new ArrayList<>();
        int rounds = 30;
        for (int round = 0; round < rounds; round++) {
            // one second of background at 1,000 lines/s, then a refused call; the finding time is taken
            // from the append of the call's last line (the 488) to the finding on stdout
            try (BufferedWriter w = Files.newBufferedWriter(log, StandardOpenOption.APPEND)) {
                for (int i = 0; i < 1000; i++) {
                    w.write(background[i % background.length]);
                    w.write('\n');
                    if (i % 10 == 9) {
                        w.flush();
                        Thread.sleep(10);
                    }
                }
                w.write(refused.replace("f50947aaeb26c57d21fa5d", "bench-" + round));
                w.flush();
            }
            long appended = System.nanoTime();
            int before = round;
            long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seenAt.size() <= before && System.nanoTime() < wait) {
                Thread.sleep(1);
            }
            if (seenAt.size() > before) {
                latencies.add((seenAt.get(before) - appended) / 1e6);
            }
        }
        // the same call after a quiet spell; the wait varies so the append meets every phase of the slow polls
        java.util.Random jitter = new java.util.Random(1);
        List<Double> afterQuiet = new ArrayList<>();
        int quietRounds = 12;
        for (int round = 0; round < quietRounds; round++) {
            Thread.sleep(QUIET_SPELL_MILLIS + jitter.nextInt(1000));
            int before = seenAt.size();
            Files.writeString(log, refused.replace("f50947aaeb26c57d21fa5d", "quiet-" + round), StandardOpenOption.APPEND);
            long appended = System.nanoTime();
            long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seenAt.size() <= before && System.nanoTime() < wait) {
                Thread.sleep(1);
            }
            if (seenAt.size() > before) {
                afterQuiet.add((seenAt.get(before) - appended) / 1e6);
            }
        }
        watch.destroy();
        watch.waitFor(10, TimeUnit.SECONDS);
        printLatencies("log growing at 1,000 lines/s", latencies, rounds);
        printLatencies("first lines after " + QUIET_SPELL_MILLIS / 1000 + "+ s of quiet", afterQuiet, quietRounds);
    }

    private static void printLatencies(String when, List<Double> latencies, int rounds) {
        Collections.sort(latencies);
        if (latencies.isEmpty()) {
            System.out.println("pop-up latency (" + when + "): no finding seen");
            return;
        }
        System.out.printf("pop-up latency (append to finding, %s, %d of %d calls): "
                        + "p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", when, latencies.size(), rounds,
                percentile(latencies, 50), percentile(latencies, 99), latencies.get(latencies.size() - 1));
    }

    private static final int START_RUNS = 7;

    /** The JVM options of the installers' daemon launcher, as installer/jpackage.xml gives them. */
    static List<String> launcherOptions() throws IOException {
        return jpackageOptions("daemon.options");
    }

    /** The JVM options of one of the launchers (daemon.options, cli.options) in installer/jpackage.xml. */
    static List<String> jpackageOptions(String property) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"" + java.util.regex.Pattern.quote(property)
                        + "\"\\s+value=\"([^\"]+)\"")
                .matcher(Files.readString(Path.of("installer/jpackage.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no " + property + " in installer/jpackage.xml");
        }
        return List.of(m.group(1).trim().split("\\s+"));
    }

    /** As the deb's postinst: a few seconds of watch with -XX:ArchiveClassesAtExit. */
    static void makeArchive(List<String> options, Path archive, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(options);
        command.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds*=off", "-jar", JAR.toString(), "watch",
                "--notifier", "none", "--no-state", "--report-dir", "none", "--duration", "3s", log.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(2, TimeUnit.MINUTES) || !Files.exists(archive)) {
            throw new IllegalStateException("no class data sharing archive made by: " + String.join(" ", command));
        }
    }

    private static List<String> watchCommand(List<String> options, Path log) {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(options);
        command.addAll(List.of("-jar", JAR.toString(), "watch", "--notifier", "none", "--no-state", "--report-dir", "none",
                log.toString()));
        return command;
    }

    /** Seconds from launch to the "watching" line on stderr. */
    private static double startSeconds(List<String> options, Path log) throws Exception {
        long launched = System.nanoTime();
        Process watch = new ProcessBuilder(watchCommand(options, log)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(watch.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.contains("watching")) {
                    return (System.nanoTime() - launched) / 1e9;
                }
            }
            throw new IllegalStateException("watch ended without watching: " + String.join(" ", watchCommand(options, log)));
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** CPU and resident memory of watch on 10 quiet files, started as the installed daemon. */
    static void idle(Path dir, int seconds) throws Exception {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(launcherOptions());
        Path archive = dir.resolve("siphint.jsa");
        if (Files.exists(archive)) {
            command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off"));
        }
        command.addAll(List.of("-jar", JAR.toString(), "watch", "--notifier", "none", "--no-state", "--report-dir", "none"));
        for (int i = 0; i < 10; i++) {
            Path f = dir.resolve("quiet-" + i + ".log");
            Files.writeString(f, "");
            command.add(f.toString());
        }
        Process watch = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("idle.out").toFile())
                .start();
        Thread.sleep(8000); // rules compiled, JIT quiet
        long pid = watch.pid();
        long cpu0 = cpuTicks(pid);
        Thread.sleep(seconds * 1000L);
        long cpu1 = cpuTicks(pid);
        long rss = rssKb(pid);
        watch.destroy();
        watch.waitFor(10, TimeUnit.SECONDS);
        double ticksPerSecond = 100.0; // USER_HZ on Linux
        System.out.printf("idle watch, 10 quiet files, %d s: %.2f %% of one core, RSS %d MB "
                        + "(the launcher's options and archive, as installed)%n", seconds,
                100.0 * (cpu1 - cpu0) / ticksPerSecond / seconds, rss / 1024);
    }

    /**
     * Heap after a full GC while {@code replay} reads {@code calls} generated calls through a named
     * pipe (a million calls are ~11 GB of log, more than a benchmark should write to disk): once at
     * a tenth of the calls and once at the end, with the writer paused each time.
     */
    static void boundedMemory(Path dir, long calls) throws Exception {
        Path fifo = dir.resolve("calls.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        if (mkfifo.waitFor() != 0) {
            System.out.println("bounded memory: mkfifo failed, not measured");
            return;
        }
        String heap = "-Xmx1g";
        Process replay = new ProcessBuilder("java", heap, "-jar", JAR.toString(), "replay", "--no-progress",
                fifo.toString()).redirectOutput(dir.resolve("memory.out").toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long checkpoint = Math.max(1, calls / 10);
        long[] heapAt = new long[2];
        long t0 = System.nanoTime();
        try (BufferedWriter w = Files.newBufferedWriter(fifo, StandardCharsets.UTF_8)) {
            LogGenerator.Written done = LogGenerator.write(w, Long.MAX_VALUE, calls, (started, sofar) -> {
                if (started == checkpoint) {
                    w.flush();
                    heapAt[0] = heapAfterGc(replay.pid());
                }
            });
            w.flush();
            heapAt[1] = heapAfterGc(replay.pid());
            System.out.printf("bounded memory: replay (%s) of %d calls, %d lines through a pipe in %.0f s: heap after GC "
                            + "%d MB at %d calls, %d MB at %d calls (%+.1f %%)%n", heap, done.calls(), done.lines(),
                    (System.nanoTime() - t0) / 1e9, heapAt[0] >> 20, checkpoint, heapAt[1] >> 20, done.calls(),
                    100.0 * (heapAt[1] - heapAt[0]) / heapAt[0]);
        }
        replay.waitFor(10, TimeUnit.MINUTES);
    }

    /**
     * The heap a process uses after a full collection, asked with {@code jcmd} once the process has
     * read what was written (the pipe is full or empty: its CPU time stops growing for a moment).
     */
    static long heapAfterGc(long pid) throws IOException {
        try {
            return heapAfterGcOrInterrupted(pid);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while measuring the heap");
        }
    }

    private static long heapAfterGcOrInterrupted(long pid) throws IOException, InterruptedException {
        long before = -1;
        for (int i = 0; i < 600; i++) {
            long ticks = cpuTicks(pid);
            if (ticks == before) {
                break;
            }
            before = ticks;
            Thread.sleep(500);
        }
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        // every generation's line (G1 has one heap line, Serial and Parallel a young and an old one)
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        long bytes = -1;
        while (used.find()) {
            bytes = Math.max(bytes, 0) + Long.parseLong(used.group(1)) * 1024;
        }
        return bytes;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double seconds(String... command) throws Exception {
        // output goes to a file, not /dev/null: GNU grep stops at the first match when it sees /dev/null
        Path out = Files.createTempFile("siphint-bench-out", ".txt");
        try {
            return seconds(out, null, command);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static double seconds(Path out, Path err, String... command) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(err == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(err.toFile()))
                .start();
        if (!p.waitFor(2, TimeUnit.HOURS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 2 hours");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * What the replay found against what the log holds: every injected 488 and 403, nothing else
     * at warning or error; and the facts the rules were given against the events read (before the
     * transaction layer, every event was a fact).
     */
    private static void checkFindings(Path findings, Path stats, LogGenerator.Written generated) throws IOException {
        java.util.Map<String, Integer> bySituation = new java.util.TreeMap<>();
        int other = 0;
        for (String line : Files.readAllLines(findings)) {
            if (line.isBlank()) {
                continue;
            }
            String situation = field(line, "situation");
            String severity = field(line, "severity");
            bySituation.merge(situation + "/" + severity, 1, Integer::sum);
            if (!"info".equals(severity) && !"sip-488".equals(situation) && !"sip-403".equals(situation)) {
                other++;
            }
        }
        int found488 = bySituation.entrySet().stream().filter(e -> e.getKey().startsWith("sip-488/"))
                .mapToInt(java.util.Map.Entry::getValue).sum();
        int found403 = bySituation.entrySet().stream().filter(e -> e.getKey().startsWith("sip-403/"))
                .mapToInt(java.util.Map.Entry::getValue).sum();
        System.out.printf("findings: %s; 488 found %d of %d injected, 403 found %d of %d, other warnings/errors %d%s%n",
                bySituation, found488, generated.refused488(), found403, generated.forbidden403(), other,
                found488 == generated.refused488() && found403 == generated.forbidden403() && other == 0
                        ? " (as expected)" : " (NOT as expected)");
        for (String line : Files.readAllLines(stats)) {
            if (line.contains("facts given to the rules")) {
                System.out.println(line.replace("siphint replay: ", "replay stats: "));
            }
        }
    }

    private static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int at = json.indexOf(key);
        if (at < 0) {
            return "?";
        }
        int end = json.indexOf('"', at + key.length());
        return end < 0 ? "?" : json.substring(at + key.length(), end);
    }

    interface LineHandler {
        void line(String line);
    }

    /** Hands each line to the handler in lower case, until the stream ends. */
    static void readLines(java.io.InputStream in, LineHandler handler) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                handler.line(line.toLowerCase(Locale.ROOT));
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
