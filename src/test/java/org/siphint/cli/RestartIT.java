package org.siphint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The packaged daemon killed with SIGKILL in the middle of a log and started again: every call
 * refused in the log is reported exactly once, whether it was written before the kill, while the
 * daemon was down, or after the restart.
 */
class RestartIT {

    private static final Path JAR = Path.of(System.getProperty("siphint.jar", "target/siphint.jar"));
    private static final Path SAMPLE = Path.of("sample-logs/pjsip/call-not-acceptable.log");
    private static final String SAMPLE_CALL_ID = "ae530282bd36cb9d21f6be6abf0d7c1c";

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    /**
     * The sample's refused call under another Call-ID, at the time of day it is written (as a live
     * MicroSIP writes it): one sip-488 finding each. With the sample's own times (11:32), a file
     * written earlier in the day was dated today while it was followed from its start, and yesterday
     * when the restart read it again from a resume point (a line later in the day than the file's
     * modification is of the day before), so the call read twice was two findings.
     */
    private static String refusedCall(int n) throws IOException {
        List<String> lines = Files.readAllLines(SAMPLE, StandardCharsets.UTF_8);
        LocalTime now = LocalTime.now(ZoneId.systemDefault()).minusSeconds(5);
        int shift = -1;
        StringBuilder s = new StringBuilder();
        for (String line : lines.subList(5, lines.size())) { // from "Making call", past pjlib's start-up lines
            Matcher time = TIME_AT_START.matcher(line);
            if (time.find()) {
                LocalTime t = LocalTime.parse(time.group(1));
                if (shift < 0) {
                    shift = Math.floorMod(now.toSecondOfDay() - t.toSecondOfDay(), 86_400);
                }
                line = t.plusSeconds(shift).format(TIME_OF_DAY) + line.substring(time.end(1));
            }
            s.append(line.replace(SAMPLE_CALL_ID, "restart-call-" + n)).append('\n');
        }
        return s.toString();
    }

    private static final Pattern TIME_AT_START = Pattern.compile("^(\\d{2}:\\d{2}:\\d{2}\\.\\d{3})");
    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    /** A call written across midnight would be dated on two days: the test starts after 00:02. */
    private static void awayFromMidnight() {
        for (int i = 0; i < 150 && LocalTime.now(ZoneId.systemDefault()).isBefore(LocalTime.of(0, 2)); i++) {
            sleep(1_000);
        }
    }

    private void write(Path log, int n) throws IOException {
        Files.writeString(log, refusedCall(n), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private Process start(Path log, Path json, Path state, int run) throws IOException {
        Process p = new ProcessBuilder("java", "-Xmx256m", "-jar", JAR.toString(), "watch", "--state", state.toString(),
                "--notifier", "none", "--json", json.toString(), "--role", "softphone", log.toString())
                .redirectOutput(dir.resolve("out-" + run + ".txt").toFile())
                .redirectError(dir.resolve("err-" + run + ".txt").toFile())
                .start();
        started.add(p);
        awaitText(dir.resolve("err-" + run + ".txt"), "siphint: watching", p);
        return p;
    }

    private static void awaitText(Path file, String text, Process p) throws IOException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            if (!p.isAlive()) {
                fail("siphint exited with " + p.exitValue() + ": " + Files.readString(file));
            }
            sleep(50);
        }
        fail("siphint did not say '" + text + "' within 60 s");
    }

    private static Map<String, Integer> findingsByCall(Path json) throws IOException {
        Map<String, Integer> byCall = new TreeMap<>();
        if (!Files.exists(json)) {
            return byCall;
        }
        ObjectMapper mapper = new ObjectMapper();
        for (String line : Files.readAllLines(json, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode f = mapper.readTree(line);
            assertEquals("sip-488", f.get("situation").asText(), line);
            byCall.merge(f.get("callId").asText(), 1, Integer::sum);
        }
        return byCall;
    }

    private static void awaitFindings(Path json, int n) throws IOException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (findingsByCall(json).size() < n && System.currentTimeMillis() < deadline) {
            sleep(50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void killedMidStreamAndRestartedReportsEveryCallOnce() throws Exception {
        awayFromMidnight();
        Path log = dir.resolve("microsip_log.txt");
        Path json = dir.resolve("findings.jsonl");
        Path state = dir.resolve("state");
        Files.createFile(log);
        try {
            Process first = start(log, json, state, 1);
            for (int n = 1; n <= 5; n++) {
                write(log, n);
            }
            awaitFindings(json, 5);
            assertEquals(5, findingsByCall(json).size(), "before the kill: " + findingsByCall(json));
            write(log, 6);
            awaitFindings(json, 6); // reported, while its resume point may not be saved yet
            write(log, 7);
            write(log, 8);
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no final save
            assertTrue(first.waitFor(10, TimeUnit.SECONDS));
            assertTrue(Files.exists(state.resolve("offsets.json")), "no offsets file was written");

            write(log, 9); // while the daemon is down
            write(log, 10);

            Process second = start(log, json, state, 2);
            for (int n = 11; n <= 15; n++) {
                write(log, n);
            }
            awaitFindings(json, 15);
            sleep(1_500); // a finding reported twice would show up now
            second.destroy();
            assertTrue(second.waitFor(10, TimeUnit.SECONDS));

            Map<String, Integer> byCall = findingsByCall(json);
            for (int n = 1; n <= 15; n++) {
                String call = "restart-call-" + n;
                assertEquals(1, byCall.getOrDefault(call, 0), "call " + n + " must be reported exactly once; all: "
                        + byCall + "; its findings:\n" + String.join("\n", Files.readAllLines(json).stream()
                                .filter(l -> l.contains("\"" + call + "\"")).toList()));
            }
            assertEquals(15, byCall.size(), byCall.toString());
            JsonNode offsets = new ObjectMapper().readTree(state.resolve("offsets.json").toFile());
            assertEquals(1, offsets.get("version").asInt());
            assertEquals(Files.size(log), offsets.get("files").get(0).get("offset").asLong(),
                    "after a clean stop the resume point is the end of the log: " + offsets);
        } finally {
            for (Process p : started) {
                p.destroyForcibly();
            }
        }
    }
}
