package org.siphint.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.event.LogEvent;
import org.siphint.event.SipMessage;

/**
 * A writer rotates the log a thousand times, in every way logs are rotated, while it writes SIP
 * messages; the tailer must see every message exactly once. Before each rotation the writer waits
 * until the tailer has opened the current file (seen its first message), as real rotations, hours
 * apart, allow; everything after that, including what the writer adds to the old file after it was
 * renamed or deleted, races the tailer.
 */
class TailedFileRotationTest {

    private static final int ROTATIONS = 1_000;
    private static final Duration POLL = Duration.ofMillis(5);
    /** Slowed down to while the writer waits, so rotations also meet a tailer that backed off. */
    private static final Duration QUIET_POLL = Duration.ofMillis(40);
    private static final long WAIT_MILLIS = 10_000;

    @TempDir
    Path dir;

    private final Map<String, Integer> seen = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private long written;
    private final List<String> writtenIds = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void collect(LogEvent event) {
        if (event instanceof SipMessage sip) {
            seen.merge(sip.getCallId(), 1, Integer::sum);
        }
    }

    private String write(FileOutputStream out) throws IOException {
        String id = "rot-" + written;
        out.write(SipLogWriter.message(id, written).getBytes(StandardCharsets.UTF_8));
        written++;
        writtenIds.add(id);
        return id;
    }

    private void awaitSeen(String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!seen.containsKey(id)) {
            if (System.currentTimeMillis() > deadline) {
                fail("the tailer never saw " + id + " (" + seen.size() + " of " + written + " seen)");
            }
            Thread.sleep(1);
        }
    }

    private void awaitAll() throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (seen.size() < written && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        if (seen.size() < written) {
            assertEachSeenOnce(); // names what was lost
        }
    }

    private void assertEachSeenOnce() {
        List<String> missing = writtenIds.stream().filter(id -> !seen.containsKey(id)).toList();
        List<String> repeated = seen.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).toList();
        assertTrue(missing.isEmpty(), missing.size() + " messages lost, e.g. " + missing.stream().limit(10).toList());
        assertTrue(repeated.isEmpty(), repeated.size() + " messages seen twice, e.g. " + repeated.stream().limit(10).toList());
        assertEquals(written, seen.size());
    }

    private TailedFile tail(Path log, TailedFile.Options options) {
        return TailedFile.start(new LogSource(log, null, null), ZoneId.of("UTC"), false, executor,
                options.withDelays(POLL, QUIET_POLL), this::collect);
    }

    @Test
    void thousandRotationsOfEveryKindLoseAndRepeatNothing() throws Exception {
        rotate(ROTATIONS, TailedFile.Options.defaults());
    }

    /** Where the file system has no file keys (Windows), the head of the content tells files apart. */
    @Test
    void rotationsAreFollowedWithoutFileKeys() throws Exception {
        rotate(200, TailedFile.Options.defaults().withoutFileKeys());
    }

    private void rotate(int rotations, TailedFile.Options options) throws Exception {
        Path log = dir.resolve("phone.log");
        Path rotated = dir.resolve("phone.log.1");
        try (TailedFile tailer = tail(log, options)) {
            Thread.sleep(50); // the file appears after the tailer started: read from its start
            FileOutputStream out = new FileOutputStream(log.toFile(), true);
            int[] kinds = new int[5];
            for (int i = 0; i < rotations; i++) {
                String first = write(out);
                write(out);
                awaitSeen(first);
                write(out); // races the rotation
                int kind = i % 5;
                kinds[kind]++;
                switch (kind) {
                    case 0 -> { // rename and create; the program writes on into the renamed file a moment
                        Files.move(log, rotated, StandardCopyOption.REPLACE_EXISTING);
                        write(out);
                        write(out);
                        out.close();
                        out = new FileOutputStream(log.toFile(), true);
                    }
                    case 1 -> { // copytruncate: copy, then cut the file the program keeps appending to
                        Files.copy(log, rotated, StandardCopyOption.REPLACE_EXISTING);
                        out.getChannel().truncate(0);
                    }
                    case 2 -> { // delete and recreate; the program writes on into the deleted file a moment
                        Files.delete(log);
                        write(out);
                        out.close();
                        out = new FileOutputStream(log.toFile(), true);
                    }
                    case 3 -> { // shrinks: emptied once everything was read (else the cut lines are gone)
                        awaitAll();
                        out.getChannel().truncate(0);
                    }
                    default -> { // missing for a while, then back
                        Files.delete(log);
                        write(out);
                        out.close();
                        Thread.sleep(3 * POLL.toMillis());
                        out = new FileOutputStream(log.toFile(), true);
                    }
                }
            }
            write(out);
            out.close();
            awaitAll();
            Thread.sleep(10 * POLL.toMillis()); // a repeat would show up now
            assertEachSeenOnce();
            assertEquals(rotations / 5, kinds[0]);
        }
    }
}
