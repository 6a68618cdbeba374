package org.siphint.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;

import org.siphint.event.LogEvent;
import org.siphint.event.SipMessage;
import org.siphint.pipeline.Replay;
import org.siphint.source.BoundedLineReader;
import org.siphint.source.FileEvents;
import org.siphint.source.LogSource;

/**
 * The reading half of a replay alone (no rules): how fast a generated Asterisk chan_pjsip log is
 * read, framed and parsed into events. A benchmark to run by hand, not a test.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.siphint.bench.ReadThroughput FILE [MB] [MODE...]
 * </pre>
 *
 * The file is generated (as {@link Benchmark} does) when it does not exist yet, and kept. Modes:
 * {@code lines} (the line reader alone), {@code events} (one file's events on the calling thread,
 * as one core sees them), {@code replay} (the replay's reading side, as many threads as it uses,
 * handing batches to a consumer on the calling thread). Every mode that makes events reads the
 * getters a transaction layer reads of each message (Call-ID, CSeq, method, status, top Via branch,
 * tags), so work made lazy is still counted. Each mode runs five times (-Druns=N) after a warm-up pass.
 */
public final class ReadThroughput {

    private ReadThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "target/bench-asterisk.log");
        long megabytes = args.length > 1 ? Long.parseLong(args[1]) : 512;
        List<String> modes = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("lines", "events", "replay");
        if (!Files.exists(file)) {
            LogGenerator.Written w = LogGenerator.generate(file, megabytes << 20);
            System.out.printf("generated %s: %d lines, %d calls%n", file, w.lines(), w.calls());
        }
        double mb = Files.size(file) / 1e6;
        for (String mode : modes) {
            run(mode, file); // warm-up
            for (int i = 0; i < Integer.getInteger("runs", 5); i++) {
                long c0 = cpu();
                long t0 = System.nanoTime();
                long[] count = run(mode, file);
                double s = (System.nanoTime() - t0) / 1e9;
                double c = (cpu() - c0) / 1e9;
                System.out.printf("%-7s %7.1f MB in %6.2f s: %7.1f MB/s, CPU %6.2f s (%5.1f s/GB)  (%d events, check %d)%n",
                        mode, mb, s, mb / s, c, c / mb * 1000, count[0], count[1]);
            }
        }
    }

    /** CPU time of the whole process (every thread, GC and compiler included), in nanoseconds. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long[] run(String mode, Path file) throws IOException {
        switch (mode) {
            case "lines" -> {
                long n = 0;
                long chars = 0;
                try (InputStream in = Files.newInputStream(file); BoundedLineReader lines = new BoundedLineReader(in)) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        n++;
                        chars += line.length();
                    }
                }
                return new long[] {n, chars};
            }
            case "events" -> {
                long[] out = new long[2];
                try (FileEvents events = FileEvents.open(new LogSource(file, null, "asterisk"), ZoneOffset.UTC)) {
                    LogEvent e;
                    while ((e = events.next()) != null) {
                        consume(e, out);
                    }
                }
                return out;
            }
            case "replay" -> {
                long[] out = new long[2];
                new Replay(ZoneOffset.UTC).read(List.of(new LogSource(file, null, "asterisk")), batch -> {
                    for (LogEvent e : batch) {
                        consume(e, out);
                    }
                });
                return out;
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private static void consume(LogEvent e, long[] out) {
        out[0]++;
        if (e instanceof SipMessage m) {
            long h = m.getCseq() + m.getStatus() + m.getTimestamp();
            h = h * 31 + hash(m.getCallId());
            h = h * 31 + hash(m.getMethod());
            h = h * 31 + hash(m.getViaBranch());
            h = h * 31 + hash(m.getFromTag());
            h = h * 31 + hash(m.getToTag());
            h = h * 31 + m.getDirection().ordinal();
            out[1] += h;
        }
    }

    private static int hash(String s) {
        return s == null ? 0 : s.hashCode();
    }
}
