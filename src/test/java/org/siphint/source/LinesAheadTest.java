package org.siphint.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.event.LogEvent;
import org.siphint.event.SipMessage;

/** Lines read on a thread of their own give the same events, in the same order, as lines read in line. */
class LinesAheadTest {

    @TempDir
    Path dir;

    @Test
    void readAheadGivesTheSameEventsAsReadingInLine() throws IOException {
        for (String dialect : List.of("asterisk", "pjsip", "freeswitch", "raw")) {
            Path file = dir.resolve(dialect + ".log");
            try (OutputStream out = Files.newOutputStream(file); Stream<Path> logs = Files.list(Path.of("sample-logs", dialect))) {
                List<Path> samples = logs.filter(p -> p.toString().endsWith(".log")).sorted().toList();
                for (int i = 0; i < 30; i++) {
                    for (Path p : samples) {
                        out.write(Files.readAllBytes(p));
                    }
                    out.write(new byte[70_000]); // a long line of NULs now and then, across batches
                    out.write('\n');
                }
            }
            LogSource source = new LogSource(file, null, dialect);
            List<String> inLine = events(FileEvents.open(source, ZoneOffset.UTC, Long.MAX_VALUE));
            List<String> ahead = events(FileEvents.open(source, ZoneOffset.UTC, 0));
            assertTrue(inLine.size() > 100, dialect + ": " + inLine.size());
            assertEquals(inLine, ahead, dialect);
        }
    }

    @Test
    void closingEarlyStopsTheReadingThread() throws IOException {
        Path file = dir.resolve("big.log");
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] line = "[2026-03-04 10:00:00] VERBOSE[1] a.c: nothing to see\n".getBytes();
            for (int i = 0; i < 200_000; i++) {
                out.write(line);
            }
        }
        FileEvents events = FileEvents.open(new LogSource(file, null, "asterisk"), ZoneOffset.UTC, 0);
        events.next();
        events.close();
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(
                t -> t.getName().startsWith("siphint-lines ") && t.getName().contains("big.log") && t.isAlive()));
    }

    private static List<String> events(FileEvents events) throws IOException {
        List<String> out = new ArrayList<>();
        try (events) {
            LogEvent e;
            while ((e = events.next()) != null) {
                String text = e instanceof SipMessage m ? m.getText() : "";
                out.add(e.getClass().getSimpleName() + " " + e.getTimestamp() + " " + e.getOrigin() + " "
                        + e.getEvidenceText() + " " + text.hashCode());
            }
            out.add("lines " + events.linesRead());
        }
        return out;
    }
}
