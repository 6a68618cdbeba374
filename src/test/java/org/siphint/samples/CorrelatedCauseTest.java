package org.siphint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.TestRules;
import org.siphint.finding.Finding;

/**
 * The cause a pair of logs gives when both sides are in the replay: a PBX's INVITE the phone never
 * got, after the phone had been quiet for minutes, is a NAT binding its router forgot (right after
 * it was heard from, the INVITE was lost some other way: {@code UndatedLogTest} replays the lab's
 * pair for that).
 */
class CorrelatedCauseTest {

    @TempDir
    Path dir;

    private List<Finding> replay(Path set, Instant modified) throws Exception {
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> files = Files.list(set)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                Path copy = Files.copy(log, dir.resolve(log.getFileName()));
                if (modified != null) {
                    Files.setLastModifiedTime(copy, FileTime.from(modified));
                }
                logs.add(copy);
            }
        }
        return TestRules.replay(null, logs.toArray(Path[]::new)).stream()
                .filter(f -> f.situation().equals("no-incoming-calls") && !f.severity().equals("info")).toList();
    }

    @Test
    void anInviteAfterMinutesOfQuietIsANatBindingForgotten() throws Exception {
        // the phone registered at 09:01 and sent nothing more; the PBX's INVITE came at 09:05
        List<Finding> found = replay(Path.of("sample-logs/correlated/invite-never-reaches-phone"),
                Instant.parse("2026-03-04T12:00:00Z"));
        assertEquals(1, found.size(), found::toString);
        Finding f = found.get(0);
        assertEquals("nat-binding-expired", f.cause());
        assertEquals("60992864-12c9-56ee-82b9-647770409764", f.callId());
        assertTrue(f.summary().contains("for 240 s"), f.summary());
        assertTrue(f.evidence().stream().anyMatch(e -> e.file().endsWith("softphone.log")), f.evidence()::toString);
        assertTrue(f.evidence().stream().anyMatch(e -> e.file().endsWith("pbx.log")), f.evidence()::toString);
    }
}
