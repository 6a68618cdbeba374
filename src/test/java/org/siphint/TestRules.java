package org.siphint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.kie.api.KieBase;
import org.siphint.engine.RuleCompileException;
import org.siphint.engine.RuleCompiler;
import org.siphint.engine.RuleLoader;
import org.siphint.event.Role;
import org.siphint.finding.Catalog;
import org.siphint.finding.CatalogException;
import org.siphint.finding.Finding;
import org.siphint.finding.FindingFactory;
import org.siphint.pipeline.Pipeline;
import org.siphint.pipeline.Replay;
import org.siphint.source.LogSource;

/** The shipped rules, compiled once per test JVM (compilation takes seconds), and a replay helper. */
public final class TestRules {

    private static KieBase base;
    private static Catalog catalog;

    private TestRules() {
    }

    public static synchronized KieBase base() {
        if (base == null) {
            try {
                base = RuleCompiler.compile(RuleLoader.fromDirectory(Path.of("rules")));
            } catch (IOException | RuleCompileException e) {
                throw new IllegalStateException("shipped rules do not compile: " + e.getMessage(), e);
            }
        }
        return base;
    }

    public static synchronized Catalog catalog() {
        if (catalog == null) {
            try {
                catalog = Catalog.parse(java.nio.file.Files.readString(Path.of("rules/catalog.yaml")), "rules/catalog.yaml");
            } catch (IOException | CatalogException e) {
                throw new IllegalStateException("shipped catalog is broken: " + e.getMessage(), e);
            }
        }
        return catalog;
    }

    /**
     * Follows one file from its start with the shipped rules, as {@code watch} does, until a finding
     * of {@code situation} is out or 15 s have passed, and answers every finding.
     */
    public static List<Finding> follow(Path file, Role role, java.time.ZoneId zone, String situation) throws Exception {
        List<Finding> findings = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Pipeline pipeline = new Pipeline(base(), new FindingFactory(catalog()), List.of(findings::add));
             org.siphint.pipeline.Watcher watcher = new org.siphint.pipeline.Watcher(pipeline,
                     List.of(new LogSource(file, role, null)), zone, true)) {
            // bounded: the loop ends at the deadline, or once the finding is out
            Thread stopper = new Thread(() -> {
                for (int i = 0; i < 200 && findings.stream().noneMatch(x -> x.situation().equals(situation)); i++) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                watcher.stop();
            });
            stopper.start();
            watcher.run(System.currentTimeMillis() + 15_000);
            stopper.join();
        }
        return findings;
    }

    /** Replays files with the shipped rules and answers every finding. */
    public static List<Finding> replay(Role role, Path... files) throws IOException {
        List<Finding> findings = new ArrayList<>();
        List<LogSource> sources = new ArrayList<>();
        for (Path f : files) {
            sources.add(new LogSource(f, role, null));
        }
        try (Pipeline pipeline = new Pipeline(base(), new FindingFactory(catalog()), List.of(findings::add))) {
            new Replay(java.time.ZoneId.of("UTC")).run(sources, pipeline);
        }
        return findings;
    }

    /** The events a replay of the files gives the rules, in order (dated in UTC, as {@link #replay}). */
    public static List<org.siphint.event.LogEvent> events(Path... files) throws IOException {
        List<org.siphint.event.LogEvent> events = new ArrayList<>();
        List<LogSource> sources = new ArrayList<>();
        for (Path f : files) {
            sources.add(new LogSource(f, null, null));
        }
        try (Pipeline pipeline = new Pipeline(base(), new FindingFactory(catalog()), List.of(f -> { }))) {
            pipeline.observe(events::add);
            new Replay(java.time.ZoneId.of("UTC")).run(sources, pipeline);
        }
        return events;
    }
}
