package org.siphint.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.TestRules;
import org.siphint.finding.Finding;
import org.siphint.finding.FindingFactory;
import org.siphint.source.LogSource;

/**
 * A rule author edits the rules folder under a running daemon: a new rule fires without a restart,
 * a broken edit is reported once and the rules in force keep firing.
 */
class HotReloadTest {

    @TempDir
    Path dir;

    private static final String BUSY_RULE = """
            package org.siphint.rules;
            import org.siphint.engine.Detection;
            import org.siphint.event.SipMessage;
            global org.siphint.engine.Detections detections;

            rule "site: callee busy"
            when
                $m : SipMessage( response, status == 486 )
            then
                detections.report(Detection.of("site-busy", $m));
            end
            """;

    private static final String BUSY_CATALOG = """
            site-busy:
              title: The callee was busy
              severity: warning
              explanation: Our own situation, added by a rule author.
              causes:
                busy:
                  summary: "{target} was busy."
                  fix: [Call again later.]
            """;

    /** The sample 488 call rewritten as a 486 with another Call-ID, so each append is a new call. */
    private static String busyCall(String callId) throws Exception {
        return Files.readString(Path.of("sample-logs/asterisk/call-not-acceptable.log"))
                .replace("488 Not Acceptable Here", "486 Busy Here").replace("f50947aaeb26c57d21fa5d", callId);
    }

    private static String refusedCall(String callId) throws Exception {
        return Files.readString(Path.of("sample-logs/asterisk/call-not-acceptable.log"))
                .replace("f50947aaeb26c57d21fa5d", callId);
    }

    private static void await(List<Finding> findings, Predicate<Finding> wanted, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (findings.stream().anyMatch(wanted)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + what + " within 20 s; findings: " + findings);
    }

    @Test
    void editedRulesAreSwappedInAndABrokenEditLeavesTheOldRulesFiring() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Path log = dir.resolve("full");
        Files.createFile(log);
        List<Finding> findings = new CopyOnWriteArrayList<>();
        try (Pipeline pipeline = new Pipeline(TestRules.base(), new FindingFactory(TestRules.catalog()), List.of(findings::add));
             Watcher watcher = new Watcher(pipeline, List.of(new LogSource(log, null, null)), ZoneId.of("UTC"), false);
             RuleReloader reloader = new RuleReloader(rules, List.of(), Duration.ofMillis(200)).start()) {
            watcher.reloadRulesWith(reloader);
            Thread loop = new Thread(() -> watcher.run(System.currentTimeMillis() + 60_000));
            loop.start();
            try {
                Files.writeString(rules.resolve("catalog.yaml"), BUSY_CATALOG);
                Files.writeString(rules.resolve("busy.drl"), BUSY_RULE);
                // the reload happens in the background; append calls until the new rule answers
                long deadline = System.currentTimeMillis() + 20_000;
                int n = 0;
                while (findings.stream().noneMatch(f -> f.situation().equals("site-busy"))
                        && System.currentTimeMillis() < deadline) {
                    Files.writeString(log, busyCall("busy-" + n++), StandardOpenOption.APPEND);
                    Thread.sleep(700);
                }
                await(findings, f -> f.situation().equals("site-busy"), "finding of the new rule");
                Finding busy = findings.stream().filter(f -> f.situation().equals("site-busy")).findFirst().orElseThrow();
                assertEquals("The callee was busy", busy.title());

                Files.writeString(rules.resolve("busy.drl"), BUSY_RULE.replace("status == 486 )", "status == 486 "));
                await(findings, f -> f.situation().equals("siphint-rules-broken"), "report of the broken edit");
                Finding broken = findings.stream().filter(f -> f.situation().equals("siphint-rules-broken"))
                        .findFirst().orElseThrow();
                assertTrue(broken.summary().contains("busy.drl"), broken.summary());

                Files.writeString(log, refusedCall("after-broken-1") + busyCall("after-broken-2"), StandardOpenOption.APPEND);
                await(findings, f -> "after-broken-1".equals(f.callId()) && f.situation().equals("sip-488"),
                        "sip-488 from the shipped rules after the broken edit");
                await(findings, f -> "after-broken-2".equals(f.callId()) && f.situation().equals("site-busy"),
                        "site-busy from the last good rules after the broken edit");
                assertEquals(1, findings.stream().filter(f -> f.situation().equals("siphint-rules-broken")).count(),
                        "the broken edit is reported once");
            } finally {
                watcher.stop();
                loop.join(5000);
            }
        }
    }
}
