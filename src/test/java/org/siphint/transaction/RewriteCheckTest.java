package org.siphint.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.TestRules;
import org.siphint.finding.Finding;

/**
 * A phone's log and its PBX's log of one call, where a router's SIP ALG rewrote the phone's
 * messages on the way ({@code sample-logs/correlated/alg-*}): the finding says what changed, once
 * a call; NAT alone, or a proxy in between, is no finding.
 */
class RewriteCheckTest {

    @TempDir
    Path dir;

    /** The set's logs, dated as the Asterisk side (the phone's log writes only times of day). */
    private Path[] copy(String set, String pbxFrom, String pbxTo) throws Exception {
        Path source = Path.of("sample-logs/correlated", set);
        Path phone = Files.copy(source.resolve("softphone.log"), dir.resolve("softphone.log"));
        Path pbx = dir.resolve("pbx.log");
        String text = Files.readString(source.resolve("pbx.log"));
        Files.writeString(pbx, pbxFrom == null ? text : text.replace(pbxFrom, pbxTo));
        for (Path p : List.of(phone, pbx)) {
            Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2026-03-04T12:00:00Z")));
        }
        return new Path[] {phone, pbx};
    }

    private static List<Finding> alg(List<Finding> findings) {
        return findings.stream().filter(f -> f.situation().equals("sip-alg")).toList();
    }

    @Test
    void aBodyRewrittenUnderItsOldContentLengthIsABrokenMessage() throws Exception {
        List<Finding> found = alg(TestRules.replay(null, copy("alg-breaks-content-length", null, null)));
        assertEquals(1, found.size(), found::toString);
        Finding f = found.get(0);
        assertEquals("content-length-broken", f.cause());
        assertEquals("warning", f.severity());
        assertEquals("6d2f8a1c-3b5e-4f70-9a1d-e4c7b2f05a39", f.callId());
        assertTrue(f.summary().contains("192.168.1.20 became 203.0.113.145") && f.summary().contains("stayed 329"),
                f.summary());
        assertTrue(f.evidence().stream().anyMatch(e -> e.file().endsWith("pbx.log") && e.text().contains("INVITE")),
                f.evidence()::toString);
    }

    @Test
    void addressesRewrittenCleanlyAreAHintOnceACall() throws Exception {
        List<Finding> found = alg(TestRules.replay(null, copy("alg-rewrites-addresses", null, null)));
        assertEquals(1, found.size(), found::toString);
        assertEquals("rewritten", found.get(0).cause());
        assertEquals("info", found.get(0).severity());
    }

    @Test
    void aProxyBetweenTheTwoRewritesWithoutBlame() throws Exception {
        // one more hop: the PBX received what a proxy forwarded (its own Via on top, Max-Forwards 69)
        Path[] logs = copy("alg-breaks-content-length", "Max-Forwards: 70", "Max-Forwards: 69");
        assertEquals(List.of(), alg(TestRules.replay(null, logs)));
    }

    @Test
    void natAloneChangesNoMessage() throws Exception {
        // the pair where the PBX's INVITE never reached the phone was sent through NAT, not an ALG
        Path source = Path.of("sample-logs/correlated/invite-never-reaches-phone");
        Path phone = Files.copy(source.resolve("softphone.log"), dir.resolve("softphone.log"));
        Path pbx = Files.copy(source.resolve("pbx.log"), dir.resolve("pbx.log"));
        for (Path p : List.of(phone, pbx)) {
            Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2026-03-04T12:00:00Z")));
        }
        assertEquals(List.of(), alg(TestRules.replay(null, phone, pbx)));
    }
}
