package org.siphint.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.TestRules;
import org.siphint.event.LogEvent;
import org.siphint.event.Role;
import org.siphint.finding.Finding;
import org.siphint.source.FileEvents;
import org.siphint.source.LogSource;

/**
 * A log that writes no time at all (baresip 1.0, as Debian ships it) is dated when it was written:
 * replayed, at the file's last modification; followed, when each line is read. Dated at midnight,
 * as it was, a phone's registration fell hours before the PBX's INVITE of the same minute, and
 * whether the two logs together gave a finding depended on the hour the replay ran.
 */
class UndatedLogTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Path LAB = Path.of("sample-logs/lab");

    @TempDir
    Path dir;

    private Path copy(Path sample, Instant modified) throws Exception {
        Path file = dir.resolve(sample.getParent().getFileName() + "-" + sample.getFileName());
        Files.copy(sample, file, StandardCopyOption.REPLACE_EXISTING);
        if (modified != null) {
            Files.setLastModifiedTime(file, FileTime.from(modified));
        }
        return file;
    }

    @Test
    void aReplayedLogIsDatedAtItsLastModification() throws Exception {
        Instant modified = Instant.parse("2026-11-26T00:25:13Z");
        Path file = copy(LAB.resolve("no-incoming-calls/baresip.log"), modified);
        List<LogEvent> events = new ArrayList<>();
        try (FileEvents in = FileEvents.open(new LogSource(file, null, null), UTC)) {
            for (LogEvent e = in.next(); e != null && events.size() < 10_000; e = in.next()) {
                events.add(e);
            }
        }
        assertFalse(events.isEmpty(), "the baresip log gave events");
        for (LogEvent e : events) {
            assertEquals(modified, e.getTime(), () -> "time of " + e);
        }
    }

    @Test
    void thePhonesUndatedLogMeetsThePbxLogOnOneTimeline() throws Exception {
        // baresip registered (the sipdump's 200 OK at 01:40:43), then stopped reading: its log was
        // last written then; the proxy's INVITE to it follows a second later and is never answered
        Path phone = copy(LAB.resolve("no-incoming-calls/baresip.log"), Instant.parse("2026-11-26T01:40:43.900Z"));
        Path pbx = copy(LAB.resolve("no-incoming-calls/kamailio-sipdump.log"), null);

        List<Finding> findings = TestRules.replay(null, phone, pbx);

        List<Finding> lost = findings.stream().filter(f -> f.situation().equals("no-incoming-calls")).toList();
        assertEquals(1, lost.size(), () -> "findings: " + findings);
        Finding f = lost.get(0);
        // both logs judged together: the phone's log has no trace of the call the proxy sent it
        assertEquals("invite-lost", f.cause());
        assertEquals("1-7279@127.0.0.1", f.callId());
        assertTrue(f.evidence().stream().anyMatch(e -> e.file().endsWith("baresip.log") && e.text().contains("REGISTER")),
                () -> "the phone's registration is evidence: " + f.evidence());
        assertTrue(f.evidence().stream().anyMatch(e -> e.file().endsWith("sipdump.log") && e.text().contains("INVITE")),
                () -> "the proxy's INVITE is evidence: " + f.evidence());
    }

    @Test
    void aFollowedLogIsDatedWhenItsLinesAreRead() throws Exception {
        Path file = copy(LAB.resolve("register-wrong-password/baresip.log"), Instant.parse("2026-11-26T00:25:13Z"));
        Instant before = Instant.now();
        List<Finding> findings = TestRules.follow(file, Role.SOFTPHONE, UTC, "sip-401");
        Instant after = Instant.now();
        Finding f = findings.stream().filter(x -> x.situation().equals("sip-401")).findFirst()
                .orElseThrow(() -> new AssertionError("no sip-401 among " + findings));
        assertEquals("9f493561323f7a84", f.callId());
        assertFalse(f.time().isBefore(before), () -> f.time() + " is before the watch began at " + before);
        assertFalse(f.time().isAfter(after.plusSeconds(60)), () -> f.time() + " is long after the watch ended at " + after);
    }
}
