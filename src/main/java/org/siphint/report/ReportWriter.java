package org.siphint.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.siphint.finding.Finding;
import org.siphint.finding.FindingSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a report page per finding into a folder, named by {@link ReportNames}, so that a
 * notification's "Details" action can open it ({@link #reportFor}). Placed before the notifier in
 * the pipeline's sinks, the page exists by the time the pop-up shows.
 *
 * <p>{@link When#AT_ONCE} (the daemon) writes when the finding arrives, with what the call showed
 * so far, and keeps the newest {@code keep} reports in the folder. {@link When#AT_CLOSE} (a replay)
 * waits for the end of the input, so the diagram shows the whole call; it holds at most
 * {@link #MAX_PENDING} findings and writes the oldest early past that.
 *
 * <p>Runs on the pipeline's thread; {@link #reportFor} may be called from any thread.
 */
public final class ReportWriter implements FindingSink {

    private static final Logger LOG = LoggerFactory.getLogger(ReportWriter.class);

    /** Findings a replay holds before writing the oldest early. */
    public static final int MAX_PENDING = 256;
    /** Reports the daemon keeps in its folder by default. */
    public static final int DEFAULT_KEEP = 200;

    /** When a report is written. */
    public enum When { AT_ONCE, AT_CLOSE }

    private record Pending(Finding finding, CallRecord call) {
    }

    private final Path dir;
    private final CallRecorder recorder;
    private final When when;
    private final int keep;
    private final ZoneId zone;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private int written;

    public ReportWriter(Path dir, CallRecorder recorder, When when, int keep, ZoneId zone) {
        this.dir = dir;
        this.recorder = recorder;
        this.when = when;
        this.keep = keep;
        this.zone = zone;
    }

    /** The daemon's report folder: {@code $XDG_CACHE_HOME/siphint/reports}, {@code ~/.cache/...}, or {@code %LOCALAPPDATA%}. */
    public static Path defaultDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "siphint", "reports");
        }
        String local = System.getenv("LOCALAPPDATA");
        if (local != null && !local.isBlank()) {
            return Path.of(local, "siphint", "reports");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "siphint", "reports");
    }

    public Path directory() {
        return dir;
    }

    /** Where the report of {@code finding} is, or will be, written. */
    public Path pathFor(Finding finding) {
        return dir.resolve(ReportNames.fileName(ReportNames.id(finding)));
    }

    /** The report of {@code finding} when it has been written (a notifier's "Details" target). */
    public Optional<Path> reportFor(Finding finding) {
        Path p = pathFor(finding);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public void accept(Finding finding) {
        CallRecord call = recorder.call(finding.callId()).orElse(null);
        if (when == When.AT_ONCE) {
            write(finding, call);
            prune();
            return;
        }
        pending.remove(ReportNames.id(finding));
        pending.put(ReportNames.id(finding), new Pending(finding, call));
        if (pending.size() > MAX_PENDING) {
            var oldest = pending.entrySet().iterator();
            Pending p = oldest.next().getValue();
            oldest.remove();
            write(p.finding(), p.call());
        }
    }

    /** Reports written so far. */
    public int written() {
        return written;
    }

    /** Reports that could not be written, one line each. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() {
        for (Pending p : pending.values()) {
            write(p.finding(), p.call());
        }
        pending.clear();
    }

    private void write(Finding finding, CallRecord call) {
        Path target = pathFor(finding);
        try {
            String html = CallReport.page(call, recorder.addresses(), finding.callId(), List.of(finding), zone);
            writeAtomically(target, html);
            written++;
        } catch (IOException | RuntimeException e) {
            String problem = target + ": " + e.getMessage();
            failures.add(problem);
            LOG.warn("could not write the report {}", problem);
        }
    }

    /** Writes beside the target and moves it in, so a browser opening the report never sees half a page. */
    public static void writeAtomically(Path target, String html) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".siphint-report", ".tmp");
        try {
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Keeps the newest {@code keep} report files of the folder; other files are left alone. */
    private void prune() {
        if (keep <= 0) {
            return;
        }
        List<Path> reports = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                if (ReportNames.FILE.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
                    reports.add(p);
                }
            }
            if (reports.size() <= keep) {
                return;
            }
            reports.sort(Comparator.comparing(ReportWriter::modified));
            for (Path old : reports.subList(0, reports.size() - keep)) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            LOG.warn("could not prune the report folder {}: {}", dir, e.getMessage());
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
