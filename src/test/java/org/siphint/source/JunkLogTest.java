package org.siphint.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.event.LogEvent;
import org.siphint.event.SipMessage;

/**
 * A log full of what breaks readers: binary data, a 10 MB line, invalid UTF-8, a cut message, a
 * Content-Length bigger and one smaller than the body, 10,000 headers. Replay and tailing both go
 * through it with bounded memory, and every good message after the junk is still read.
 */
class JunkLogTest {

    @TempDir
    Path dir;

    private static byte[] junkLog() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        long n = 0;
        log.writeBytes(SipLogWriter.message("good-1", n++).getBytes(StandardCharsets.UTF_8));
        byte[] binary = new byte[64 * 1024];
        new Random(7).nextBytes(binary);
        log.writeBytes(binary);
        log.write('\n');
        log.writeBytes(SipLogWriter.message("good-2", n++).getBytes(StandardCharsets.UTF_8));
        log.writeBytes("x".repeat(10 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII)); // one 10 MB line
        log.write('\n');
        log.writeBytes(SipLogWriter.message("good-3", n++).getBytes(StandardCharsets.UTF_8));
        // invalid UTF-8 inside a message's headers: the message is still read
        String withBadBytes = SipLogWriter.message("good-4", n++).replace("User-Agent: MicroSIP/3.21.3", "User-Agent: @@@");
        byte[] bytes = withBadBytes.getBytes(StandardCharsets.UTF_8);
        int at = withBadBytes.indexOf("@@@");
        bytes[at] = (byte) 0xC3;
        bytes[at + 1] = (byte) 0x28;
        bytes[at + 2] = (byte) 0xFF;
        log.writeBytes(bytes);
        // a message cut off by the log (no end marker), then the next record
        String cut = SipLogWriter.message("cut-1", n++);
        log.writeBytes(cut.substring(0, cut.indexOf("CSeq")).getBytes(StandardCharsets.UTF_8));
        log.writeBytes(SipLogWriter.message("good-5", n++).getBytes(StandardCharsets.UTF_8));
        // Content-Length lies: far bigger than the body, then smaller
        log.writeBytes(SipLogWriter.message("good-6", n++).replace("Content-Length:  0", "Content-Length: 99999999")
                .getBytes(StandardCharsets.UTF_8));
        log.writeBytes(SipLogWriter.message("good-7", n++).replace("Content-Length:  0\n\n",
                "Content-Type: application/sdp\nContent-Length: 3\n\nv=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\n")
                .getBytes(StandardCharsets.UTF_8));
        // 10,000 headers
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            headers.append("X-Junk-").append(i).append(": ").append("y".repeat(20)).append('\n');
        }
        log.writeBytes(SipLogWriter.message("good-8", n++).replace("Max-Forwards: 70\n", "Max-Forwards: 70\n" + headers)
                .getBytes(StandardCharsets.UTF_8));
        log.writeBytes(SipLogWriter.message("good-9", n++).getBytes(StandardCharsets.UTF_8));
        return log.toByteArray();
    }

    private static final List<String> GOOD = List.of("good-1", "good-2", "good-3", "good-4", "good-5", "good-6",
            "good-7", "good-8", "good-9");

    private static List<String> callIds(List<LogEvent> events) {
        return events.stream().filter(e -> e instanceof SipMessage).map(LogEvent::getCallId)
                .filter(id -> id != null && id.startsWith("good-")).toList();
    }

    @Test
    void replayReadsEveryGoodMessageThroughTheJunk() throws Exception {
        Path log = dir.resolve("phone.log");
        Files.write(log, junkLog());
        List<LogEvent> events = new ArrayList<>();
        try (FileEvents file = FileEvents.open(new LogSource(log, null, "pjsip"), ZoneId.of("UTC"))) {
            for (LogEvent e = file.next(); e != null; e = file.next()) {
                events.add(e);
            }
        }
        assertEquals(GOOD, callIds(events));
        SipMessage manyHeaders = (SipMessage) events.stream().filter(e -> "good-8".equals(e.getCallId())).findFirst()
                .orElseThrow();
        assertTrue(manyHeaders.getText().length() <= 300_000, "a message keeps a bounded text");
    }

    @Test
    void tailingReadsEveryGoodMessageThroughTheJunkWithBoundedMemory() throws Exception {
        Path log = dir.resolve("phone.log");
        Files.createFile(log);
        List<LogEvent> events = new ArrayList<>();
        TailedFile tailer = TailedFile.manual(new LogSource(log, null, null), ZoneId.of("UTC"), false,
                TailedFile.Options.defaults(), events::add);
        tailer.poll();
        Files.write(log, junkLog());
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        for (int i = 0; i < 10; i++) {
            tailer.poll();
        }
        Thread.sleep(TailedFile.IDLE_FLUSH.toMillis() + 50);
        tailer.poll();
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        tailer.close();
        assertEquals(GOOD, callIds(events));
        // the 10 MB line and 10,000 headers are read, not kept: far less than the file's size stays
        assertTrue(after - before < 32L * 1024 * 1024, "heap grew by " + (after - before) / 1024 + " KB");
    }
}
