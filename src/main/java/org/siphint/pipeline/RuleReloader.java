package org.siphint.pipeline;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.kie.api.KieBase;
import org.siphint.engine.RuleCompileException;
import org.siphint.engine.RuleProblem;
import org.siphint.finding.CatalogException;
import org.siphint.finding.Evidence;
import org.siphint.finding.Finding;
import org.siphint.finding.FindingFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a user's rules folder and compiles it again, on a thread of its own, when a {@code .drl}
 * file or {@code catalog.yaml} changes. A set that compiles and agrees with its catalog is offered
 * to the daemon's loop ({@link #takeUpdate()}), which swaps it in between two events; a broken set
 * is offered once as a finding about siphint itself ({@link #takeBroken()}) while the old rules
 * keep running.
 */
public final class RuleReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RuleReloader.class);

    /** New rules and their wording, ready to swap in. */
    public record Update(KieBase rules, FindingFactory wording, int files) {
    }

    private final Path dir;
    private final Collection<String> disabledRules;
    private final Duration interval;
    private final AtomicReference<Update> update = new AtomicReference<>();
    private final AtomicReference<Finding> broken = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;
    private String lastProblems = "";
    private volatile String baseline = "";

    public RuleReloader(Path dir, Collection<String> disabledRules, Duration interval) {
        this.dir = dir;
        this.disabledRules = List.copyOf(disabledRules);
        this.interval = interval;
        this.thread = new Thread(this::loop, "siphint-rules-reload");
        this.thread.setDaemon(true);
    }

    /**
     * Starts watching. The folder's state is taken now, on the caller's thread, as the state the
     * running rules were compiled from: a change made right after this call is never missed.
     */
    public RuleReloader start() {
        baseline = fingerprint();
        thread.start();
        return this;
    }

    /** The latest rules that compiled since the last call, or null. */
    public Update takeUpdate() {
        return update.getAndSet(null);
    }

    /** A finding saying the rules folder does not compile, once per distinct set of problems, or null. */
    public Finding takeBroken() {
        return broken.getAndSet(null);
    }

    private void loop() {
        String seen = baseline;
        while (running) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            String now = fingerprint();
            if (now.equals(seen)) {
                continue;
            }
            // editors save in several steps: wait until the folder holds still for one interval
            String settled = now;
            do {
                now = settled;
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                settled = fingerprint();
            } while (!settled.equals(now) && running);
            seen = settled;
            reload();
        }
    }

    void reload() {
        long start = System.nanoTime();
        List<RuleProblem> problems = new ArrayList<>();
        try {
            RuleSetup setup = RuleSetup.load(dir, disabledRules);
            problems.addAll(RuleCheck.catalogProblems(setup.sources(), setup.catalog()));
            if (problems.isEmpty()) {
                KieBase base = setup.compile();
                update.set(new Update(base, new FindingFactory(setup.catalog()), setup.sources().size()));
                lastProblems = "";
                LOG.info("rules reloaded from {} in {} ms", dir, (System.nanoTime() - start) / 1_000_000);
                return;
            }
        } catch (RuleCompileException e) {
            problems.addAll(e.problems());
        } catch (CatalogException e) {
            e.problems().forEach(p -> problems.add(new RuleProblem(dir.resolve("catalog.yaml").toString(), 0, 0, p)));
        } catch (IOException | RuntimeException e) {
            problems.add(new RuleProblem(dir.toString(), 0, 0, e.toString()));
        }
        String text = String.join("\n", problems.stream().map(RuleProblem::toString).toList());
        if (text.equals(lastProblems)) {
            return;
        }
        lastProblems = text;
        LOG.error("the rules in {} do not compile; the previous rules keep running:\n{}", dir, text);
        broken.set(brokenFinding(problems));
    }

    private Finding brokenFinding(List<RuleProblem> problems) {
        List<Evidence> evidence = problems.stream().limit(8)
                .map(p -> new Evidence(p.file(), Math.max(p.line(), 1), p.message())).toList();
        RuleProblem first = problems.get(0);
        return new Finding("siphint-rules-broken", null, "warning", "siphint: your rule change does not compile",
                Instant.now(), null, null,
                first.file() + ":" + first.line() + ": " + first.message()
                        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""),
                "siphint keeps running the rules it had before the change.",
                List.of("Run 'siphint rules check " + dir + "' to see every problem with the lines it points at.",
                        "Fix the file and save it again: siphint reloads it by itself."),
                List.of(), evidence, null);
    }

    /** Names, sizes and modification times of the files that make the rules. */
    private String fingerprint() {
        StringBuilder s = new StringBuilder();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "{*.drl,catalog.yaml}")) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(null);
            for (Path f : sorted) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                s.append(f.getFileName()).append(' ').append(a.size()).append(' ')
                        .append(a.lastModifiedTime().toMillis()).append('\n');
            }
        } catch (IOException e) {
            s.append("unreadable: ").append(e.getMessage());
        }
        return s.toString();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
