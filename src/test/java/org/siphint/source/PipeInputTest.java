package org.siphint.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.event.LogEvent;

/**
 * A log read from a pipe ({@code zcat x.log.gz | siphint replay /dev/stdin}, a named pipe) can be
 * read once only: it gives the same events as the file, without a first look that would swallow
 * its head or wait for a second writer.
 */
class PipeInputTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aLogThroughANamedPipeGivesTheSameEventsAsTheFile() throws Exception {
        Path sample = Path.of("sample-logs/asterisk/call-not-acceptable.log");
        Path fifo = dir.resolve("log.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is available");
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(Files.readAllBytes(sample));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "pipe-writer");
        writer.start();
        List<String> fromPipe = kinds(FileEvents.open(new LogSource(fifo, null, null), ZoneOffset.UTC));
        writer.join(10_000);
        List<String> fromFile = kinds(FileEvents.open(new LogSource(sample, null, null), ZoneOffset.UTC));
        assertEquals(fromFile, fromPipe);
    }

    private static List<String> kinds(FileEvents events) throws IOException {
        List<String> out = new ArrayList<>();
        try (events) {
            LogEvent e;
            while ((e = events.next()) != null) {
                out.add(e.getClass().getSimpleName() + " " + e.getTimestamp() + " " + e.getCallId());
            }
        }
        return out;
    }
}
