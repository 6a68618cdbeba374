package org.siphint.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.kie.api.KieBase;
import org.siphint.event.Role;
import org.siphint.finding.ConsoleSink;
import org.siphint.finding.FindingFactory;
import org.siphint.finding.FindingSink;
import org.siphint.notify.Notifiers;
import org.siphint.notify.NotifierSink;
import org.siphint.pipeline.Pipeline;
import org.siphint.pipeline.RuleSetup;
import org.siphint.pipeline.Watcher;
import org.siphint.source.LogSource;
import org.siphint.source.TailedFile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code siphint demo}: writes the bundled sample logs line by line into a temporary folder while
 * the daemon follows them, so a new user sees findings appear with no softphone at hand.
 *
 * <p>Each scenario's findings are shown under its own heading: after writing a scenario, the
 * player waits until the daemon's rules have read all of it and their clock has passed every
 * window it opened (a refused password is judged only once no success followed within 10 s).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Play bundled sample logs into a temporary folder that the daemon follows, and show what it finds.")
final class DemoCommand implements Callable<Integer> {

    static final String PLAYLIST = "siphint/sample-logs/demo-playlist.txt";
    /**
     * What the rules have due within this long of their clock is a verdict still to come (the
     * longest absence window is a REGISTER's 64 s); what is due later is events leaving memory,
     * ten minutes after their time.
     */
    static final Duration VERDICT_HORIZON = Duration.ofSeconds(90);
    /** How long a scenario may take to be read and judged once written; past it the demo goes on. */
    static final Duration SCENARIO_LIMIT = VERDICT_HORIZON.plusSeconds(15);
    /** The whole demo's bound, in case the player never gets to stop the daemon. */
    private static final Duration DEMO_LIMIT = Duration.ofMinutes(15);
    private static final long LOOK_MILLIS = 50;

    @Option(names = "--lines-per-second", paramLabel = "N", description = "Pace of the playback (default: 80).")
    int linesPerSecond = 80;

    /** A pause after each scenario, so its pop-up can be read before the next one starts. */
    long pauseMillis = 2000;

    @Mixin
    RuleOptions rules;

    /** One bundled log the demo plays. */
    record Track(String resource, Role role, String title) {
    }

    /**
     * What the demo plays.
     *
     * @param date the day the samples were recorded: logs that write only a time of day are dated
     *             on it, like the samples that carry their date, so one run's findings agree
     */
    record Playlist(LocalDate date, List<Track> tracks) {
    }

    @Override
    public Integer call() throws Exception {
        Playlist playlist = playlist(PLAYLIST);
        Path dir = Files.createTempDirectory("siphint-demo-");
        System.err.println("siphint demo: compiling the rules...");
        RuleSetup setup = rules.setup();
        FindingFactory findings = new FindingFactory(setup.catalog());
        // the demo shows real pop-ups where there is a desktop, and says once why not where there is none
        Notifiers.Choice choice = Notifiers.choose("desktop", System.getenv(), System.getProperty("os.name"), System.err);
        if (choice.fallbackLine() != null) {
            System.err.println(choice.fallbackLine());
        }
        List<FindingSink> sinks = List.of(new ConsoleSink(System.out), new NotifierSink(choice.notifier(), Duration.ofMinutes(10)));
        long count = play(playlist, dir, setup.compile(), findings, sinks, System.err);
        System.err.println("siphint demo: done; " + count + " finding(s). The logs are in " + dir);
        return ExitCodes.OK;
    }

    /**
     * Plays the scenarios into {@code dir} while a watcher follows it; headings and waits are told
     * on {@code log}, findings go to the sinks. Answers how many findings there were.
     */
    long play(Playlist playlist, Path dir, KieBase kieBase, FindingFactory findings, List<FindingSink> sinks,
              PrintStream log) throws IOException {
        List<Track> tracks = playlist.tracks();
        List<LogSource> sources = new ArrayList<>();
        for (Track t : tracks) {
            Path file = dir.resolve(Path.of(t.resource()).getFileName().toString());
            Files.createFile(file);
            sources.add(new LogSource(file, t.role(), null));
        }
        TailedFile.Options options = TailedFile.Options.defaults().withDate(playlist.date());
        try (Pipeline pipeline = new Pipeline(kieBase, findings, sinks);
             Watcher watcher = new Watcher(pipeline, sources, ZoneId.systemDefault(), true, options)) {
            Thread player = new Thread(() -> playTracks(tracks, sources, watcher, log), "siphint-demo-player");
            player.setDaemon(true);
            player.start();
            watcher.run(System.currentTimeMillis() + DEMO_LIMIT.toMillis());
            return pipeline.findingCount();
        }
    }

    private void playTracks(List<Track> tracks, List<LogSource> sources, Watcher watcher, PrintStream log) {
        long pauseNanos = 1_000_000_000L / Math.max(1, linesPerSecond);
        try {
            for (int i = 0; i < tracks.size(); i++) {
                Track t = tracks.get(i);
                LogSource source = sources.get(i);
                log.println();
                log.println("== " + t.title() + "  (" + source.path().getFileName() + ")");
                long written = write(t, source.path(), pauseNanos);
                if (!awaitVerdicts(watcher, source.displayName(), written, log)) {
                    log.println("siphint demo: the rules did not finish with this scenario in "
                            + SCENARIO_LIMIT.toSeconds() + " s; going on");
                }
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        } catch (IOException e) {
            log.println("siphint demo: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watcher.stop();
        }
    }

    /** Writes a track line by line at the demo's pace; answers the bytes written. */
    private static long write(Track t, Path file, long pauseNanos) throws IOException, InterruptedException {
        long written = 0;
        try (BufferedReader in = open(t.resource());
             BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                written += line.getBytes(StandardCharsets.UTF_8).length + 1;
                Thread.sleep(pauseNanos / 1_000_000, (int) (pauseNanos % 1_000_000));
            }
        }
        return written;
    }

    /**
     * Waits until the rules have read the first {@code written} bytes of {@code file} and their clock
     * has passed every window those lines opened: what the rules conclude about the scenario, even
     * about what did not happen in it, is then out. False when that took longer than
     * {@link #SCENARIO_LIMIT}.
     */
    static boolean awaitVerdicts(Watcher watcher, String file, long written, PrintStream log) throws InterruptedException {
        long deadline = System.nanoTime() + SCENARIO_LIMIT.toNanos();
        long looks = SCENARIO_LIMIT.toMillis() / LOOK_MILLIS;
        boolean told = false;
        for (long i = 0; i < looks && System.nanoTime() < deadline; i++) {
            if (watcher.processedOffset(file) >= written) {
                long due = watcher.nextDue();
                long wait = due - watcher.ruleTime();
                if (due == Long.MAX_VALUE || wait > VERDICT_HORIZON.toMillis()) {
                    return true;
                }
                if (!told && wait >= 1000) {
                    log.println("   (waiting " + (wait + 999) / 1000 + " s: some findings are about what did not happen in time)");
                    told = true;
                }
            }
            Thread.sleep(LOOK_MILLIS);
        }
        return false;
    }

    /**
     * Reads a playlist: {@code date YYYY-MM-DD} (the day the samples were recorded), then one line
     * per track: path under {@code sample-logs/}, role, title.
     */
    static Playlist playlist(String resource) throws IOException {
        List<Track> tracks = new ArrayList<>();
        LocalDate date = null;
        try (BufferedReader in = open(resource)) {
            String line;
            while ((line = in.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+", 3);
                if (parts[0].equals("date") && parts.length == 2) {
                    date = LocalDate.parse(parts[1]);
                    continue;
                }
                tracks.add(new Track("siphint/sample-logs/" + parts[0], Role.parse(parts[1]),
                        parts.length > 2 ? parts[2] : parts[0]));
            }
        }
        return new Playlist(date, tracks);
    }

    private static BufferedReader open(String resource) throws IOException {
        InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("bundled sample missing: " + resource);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
