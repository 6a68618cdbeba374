package org.siphint.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.siphint.finding.Finding;
import org.siphint.finding.FindingSink;
import org.siphint.finding.JsonLinesSink;
import org.siphint.finding.Template;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The findings of the daemon, newest first, kept in the reports folder: {@code history.json} (what
 * {@code siphint history} and the tray menu read) and {@code history.html} (the page a person
 * opens), both rewritten atomically with each finding. At most {@link #MAX} findings are kept.
 *
 * <p>Placed after the {@link ReportWriter} in the sinks, so an entry links to a report that exists.
 * Runs on the pipeline's thread; {@link #recent} may be called from any thread.
 */
public final class History implements FindingSink {

    private static final Logger LOG = LoggerFactory.getLogger(History.class);

    /** Findings kept. */
    public static final int MAX = 500;
    public static final String JSON_FILE = "history.json";
    public static final String PAGE_FILE = "history.html";

    private static final ObjectMapper MAPPER = JsonLinesSink.mapper();

    /**
     * One finding as the history keeps it; every text is made plain (no control characters, bounded)
     * when the entry is made, and escaped again by whatever shows it.
     *
     * @param time      the finding's (log) time
     * @param severity  info, warning or error
     * @param situation the situation id
     * @param title     the catalog's title
     * @param account   the address of record, or null
     * @param summary   the sentence naming the evidence
     * @param report    the report's file name in the same folder, or null when none was written
     * @param found     when siphint found it (the wall clock; the icon's "last hour" counts from it)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(Instant time, String severity, String situation, String title, String account, String summary,
                        String report, Instant found) {

        static Entry of(Finding f, String report, Instant found) {
            return new Entry(f.time(), plain(f.severity()), plain(f.situation()), plain(f.title()),
                    f.account() == null ? null : plain(f.account()), plain(f.summary()), report, found);
        }

        private static String plain(String s) {
            return s == null ? "" : Template.plain(s);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Stored(int version, List<Entry> findings) {
    }

    private final Path dir;
    private final ZoneId zone;
    private final java.time.Clock clock;
    private final ReportWriter reports;
    private final List<Entry> entries;
    private final List<Consumer<Entry>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean failedOnce;

    /**
     * The history of {@code dir}, with what it already holds.
     *
     * @param reports the writer whose reports the entries link to, or null
     */
    public History(Path dir, ReportWriter reports, ZoneId zone) {
        this(dir, reports, zone, java.time.Clock.systemUTC());
    }

    /** A history whose entries are stamped as found by {@code clock}. */
    public History(Path dir, ReportWriter reports, ZoneId zone, java.time.Clock clock) {
        this.clock = clock;
        this.dir = dir;
        this.reports = reports;
        this.zone = zone;
        List<Entry> loaded;
        try {
            loaded = read(dir);
        } catch (IOException e) {
            LOG.warn("could not read the history {}: {}; starting a new one", dir.resolve(JSON_FILE), e.getMessage());
            loaded = List.of();
        }
        this.entries = new ArrayList<>(loaded);
    }

    /** The entries of the history in {@code dir}, newest first; empty when there is none yet. */
    public static List<Entry> read(Path dir) throws IOException {
        Path file = dir.resolve(JSON_FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            Stored stored = MAPPER.readValue(file.toFile(), Stored.class);
            if (stored.findings() == null) {
                return List.of();
            }
            List<Entry> out = new ArrayList<>();
            for (Entry e : stored.findings()) {
                if (e != null && e.time() != null && out.size() < MAX) {
                    out.add(e);
                }
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not a siphint history: " + e.getOriginalMessage(), e);
        }
    }

    public Path directory() {
        return dir;
    }

    public Path page() {
        return dir.resolve(PAGE_FILE);
    }

    /** Writes the page as the history stands (the tray's "Open history" before any finding). */
    public void writePage() throws IOException {
        ReportWriter.writeAtomically(page(), HistoryPage.render(recent(MAX), dir, zone));
    }

    /** Called with each new entry, on the pipeline's thread (the tray icon's menu). */
    public void onEntry(Consumer<Entry> listener) {
        listeners.add(listener);
    }

    /** The newest {@code n} entries, newest first. */
    public synchronized List<Entry> recent(int n) {
        return List.copyOf(entries.subList(0, Math.min(n, entries.size())));
    }

    @Override
    public void accept(Finding finding) {
        String report = null;
        if (reports != null) {
            report = reports.reportFor(finding).map(p -> p.getFileName().toString()).orElse(null);
        }
        Entry entry = Entry.of(finding, report, clock.instant());
        List<Entry> snapshot;
        synchronized (this) {
            entries.add(0, entry);
            // newest first by log time: a finding of an older log time (two logs, --from-start) goes below newer ones
            entries.sort((a, b) -> b.time().compareTo(a.time()));
            while (entries.size() > MAX) {
                entries.remove(entries.size() - 1);
            }
            snapshot = List.copyOf(entries);
        }
        try {
            ReportWriter.writeAtomically(dir.resolve(JSON_FILE), MAPPER.writeValueAsString(new Stored(1, snapshot)));
            ReportWriter.writeAtomically(page(), HistoryPage.render(snapshot, dir, zone));
        } catch (IOException | RuntimeException e) {
            if (!failedOnce) {
                failedOnce = true;
                LOG.warn("could not write the history in {}: {}", dir, e.getMessage());
            }
        }
        for (Consumer<Entry> l : listeners) {
            l.accept(entry);
        }
    }
}
