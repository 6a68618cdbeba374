package org.siphint.dialect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.siphint.source.BoundedLineReader;

/**
 * Measures how fast each dialect turns lines into events (no rules): a benchmark to run by hand,
 * not a test. Each sample folder's logs are repeated into a temporary file of about the given size
 * (default 150 MB), which is read twice: once for the lines alone, once through the dialect; the
 * dialect's own rate is the size over the difference. The file is deleted afterwards.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.siphint.dialect.DialectThroughput [MB]
 * </pre>
 */
public final class DialectThroughput {

    private static final Map<String, String> FOLDERS = Map.of(
            "asterisk", "asterisk", "asterisk-chan-sip", "asterisk", "pjsip", "pjsip",
            "freeswitch", "freeswitch", "bria", "bria", "raw", "raw",
            "twinkle", "anytext", "jitsi", "anytext", "grandstream", "anytext"); // formats guessed by the fallback

    private DialectThroughput() {
    }

    public static void main(String[] args) throws IOException {
        long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 150;
        Path dir = Files.createTempDirectory("siphint-throughput");
        try {
            for (String folder : FOLDERS.keySet().stream().sorted().toList()) {
                Dialect dialect = Dialects.byId(FOLDERS.get(folder)).orElseThrow();
                Path file = dir.resolve(folder + ".log");
                long bytes = generate(Path.of("sample-logs", folder), file, megabytes * 1_000_000);
                measure(dialect, file, Math.min(bytes, 20_000_000)); // warm-up
                double[] r = measure(dialect, file, Long.MAX_VALUE);
                double mb = bytes / 1e6;
                System.out.printf("%-18s %-10s %7.1f MB  %9d events  lines only %6.1f MB/s  with dialect %6.1f MB/s"
                        + "  dialect stage %6.1f MB/s%n", folder, dialect.id(), mb, (long) r[2], mb / r[0],
                        mb / r[1], mb / Math.max(1e-9, r[1] - r[0]));
                Files.delete(file);
            }
        } finally {
            try (Stream<Path> left = Files.list(dir)) {
                for (Path p : left.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static long generate(Path folder, Path file, long size) throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.list(folder)) {
            logs = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
        byte[][] contents = new byte[logs.size()][];
        for (int i = 0; i < logs.size(); i++) {
            contents[i] = Files.readAllBytes(logs.get(i));
        }
        long written = 0;
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int i = 0; written < size; i++) {
                byte[] c = contents[i % contents.length];
                out.write(c);
                written += c.length;
            }
        }
        return written;
    }

    /** Seconds for the lines alone, seconds with the dialect, events; over the first {@code limit} bytes. */
    private static double[] measure(Dialect dialect, Path file, long limit) throws IOException {
        long t0 = System.nanoTime();
        long chars = 0;
        try (InputStream in = Files.newInputStream(file); BoundedLineReader lines = new BoundedLineReader(in)) {
            String line;
            while ((line = lines.readLine()) != null && chars < limit) {
                chars += line.length() + 1;
            }
        }
        long t1 = System.nanoTime();
        long[] events = {0};
        chars = 0;
        DialectReader reader = dialect.open(new LogContext(file.toString(), null, LocalDate.of(2026, 3, 4), ZoneOffset.UTC)
                .withDefaultRole(dialect.defaultRole()));
        try (InputStream in = Files.newInputStream(file); BoundedLineReader lines = new BoundedLineReader(in)) {
            String line;
            long n = 0;
            while ((line = lines.readLine()) != null && chars < limit) {
                chars += line.length() + 1;
                reader.line(line, ++n, e -> events[0]++);
            }
            reader.flush(e -> events[0]++);
        }
        long t2 = System.nanoTime();
        return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9, events[0]};
    }
}
