package org.siphint.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.siphint.event.Role;
import org.siphint.finding.ConsoleSink;
import org.siphint.finding.FindingFactory;
import org.siphint.finding.FindingSink;
import org.siphint.notify.Notifiers;
import org.siphint.notify.NotifierSink;
import org.siphint.pipeline.Pipeline;
import org.siphint.pipeline.Watcher;
import org.siphint.source.LogSource;

import org.siphint.pipeline.RuleSetup;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code siphint demo}: writes the bundled sample logs line by line into a temporary folder while
 * the daemon follows them, so a new user sees findings appear with no softphone at hand.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Play bundled sample logs into a temporary folder that the daemon follows, and show what it finds.")
final class DemoCommand implements Callable<Integer> {

    private static final String PLAYLIST = "siphint/sample-logs/demo-playlist.txt";
    private static final Duration FINAL_WAIT = Duration.ofSeconds(12);

    @Option(names = "--lines-per-second", paramLabel = "N", description = "Pace of the playback (default: 80).")
    int linesPerSecond = 80;

    @Mixin
    RuleOptions rules;

    /** One bundled log the demo plays. */
    private record Track(String resource, Role role, String title) {
    }

    @Override
    public Integer call() throws Exception {
        List<Track> tracks = playlist();
        Path dir = Files.createTempDirectory("siphint-demo-");
        List<LogSource> sources = new ArrayList<>();
        for (Track t : tracks) {
            Path file = dir.resolve(Path.of(t.resource()).getFileName().toString());
            Files.createFile(file);
            sources.add(new LogSource(file, t.role(), null));
        }
        System.err.println("siphint demo: compiling the rules...");
        RuleSetup setup = rules.setup();
        FindingFactory findings = new FindingFactory(setup.catalog());
        // the demo shows real pop-ups where there is a desktop, and says once why not where there is none
        Notifiers.Choice choice = Notifiers.choose("desktop", System.getenv(), System.getProperty("os.name"), System.err);
        if (choice.fallbackLine() != null) {
            System.err.println(choice.fallbackLine());
        }
        List<FindingSink> sinks = List.of(new ConsoleSink(System.out), new NotifierSink(choice.notifier(), Duration.ofMinutes(10)));
        try (Pipeline pipeline = new Pipeline(setup.compile(), findings, sinks);
             Watcher watcher = new Watcher(pipeline, sources, ZoneId.systemDefault(), true)) {
            Thread player = new Thread(() -> play(tracks, sources, watcher), "siphint-demo-player");
            player.setDaemon(true);
            player.start();
            watcher.run(System.currentTimeMillis() + Duration.ofMinutes(10).toMillis());
            System.err.println("siphint demo: done; " + pipeline.findingCount() + " finding(s). The logs are in " + dir);
        }
        return ExitCodes.OK;
    }

    private void play(List<Track> tracks, List<LogSource> sources, Watcher watcher) {
        long pauseNanos = 1_000_000_000L / Math.max(1, linesPerSecond);
        try {
            for (int i = 0; i < tracks.size(); i++) {
                Track t = tracks.get(i);
                System.err.println();
                System.err.println("== " + t.title() + "  (" + sources.get(i).path().getFileName() + ")");
                try (BufferedReader in = open(t.resource());
                     BufferedWriter out = Files.newBufferedWriter(sources.get(i).path(), StandardCharsets.UTF_8,
                             StandardOpenOption.APPEND)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        out.write(line);
                        out.write('\n');
                        out.flush();
                        Thread.sleep(pauseNanos / 1_000_000, (int) (pauseNanos % 1_000_000));
                    }
                }
                Thread.sleep(2000); // let the pop-up of this track show before the next one starts
            }
            // some rules wait for what does not come (no success 10 s after a refused password)
            System.err.println();
            System.err.println("== waiting " + FINAL_WAIT.toSeconds() + " s for the rules that judge what did not happen...");
            Thread.sleep(FINAL_WAIT.toMillis());
        } catch (IOException e) {
            System.err.println("siphint demo: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watcher.stop();
        }
    }

    private static List<Track> playlist() throws IOException {
        List<Track> tracks = new ArrayList<>();
        try (BufferedReader in = open(PLAYLIST)) {
            String line;
            while ((line = in.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                // path role title...
                String[] parts = line.split("\\s+", 3);
                tracks.add(new Track("siphint/sample-logs/" + parts[0], Role.parse(parts[1]),
                        parts.length > 2 ? parts[2] : parts[0]));
            }
        }
        return tracks;
    }

    private static BufferedReader open(String resource) throws IOException {
        InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("bundled sample missing: " + resource);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
