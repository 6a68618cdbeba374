package org.siphint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code siphint rules check} and {@code rules test}, run in-process as a rule author would. */
class RulesCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out) {
    }

    static synchronized Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.run(args);
            return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void shippedRulesPassTheCheck() {
        Run r = run("rules", "check");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("rules ok"), r.out());
    }

    @Test
    void syntaxErrorIsReportedWithFileLineAndTheLinesItPointsAt() throws Exception {
        Path drl = dir.resolve("mine.drl");
        Files.writeString(drl, """
                package org.siphint.rules;
                import org.siphint.event.SipMessage;

                rule "mine: broken"
                when
                    $m : SipMessage( status == 486
                then
                end
                """);
        Run r = run("rules", "check", dir.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains(drl + ":"), r.out());
        assertTrue(r.out().contains("$m : SipMessage( status == 486") || r.out().contains("then"),
                "the offending lines are shown:\n" + r.out());
    }

    @Test
    void ruleNamingAnUnknownSituationIsCaught() throws Exception {
        Files.writeString(dir.resolve("mine.drl"), """
                package org.siphint.rules;
                import org.siphint.engine.Detection;
                import org.siphint.event.SipMessage;
                global org.siphint.engine.Detections detections;

                rule "mine: busy"
                when
                    $m : SipMessage( status == 486 )
                then
                    detections.report(Detection.of("sip-468", $m).cause("busy"));
                end
                """);
        Run r = run("rules", "check", dir.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("mine.drl:10:0: situation 'sip-468' is not in the catalog"), r.out());
    }

    @Test
    void rulesTestPassesOnTheShippedSamples() {
        Run r = run("rules", "test", "sample-logs");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("PASS sample-logs/asterisk/call-not-acceptable.log"), r.out());
        assertTrue(r.out().strip().endsWith(" passed, 0 failed"), r.out());
    }

    @Test
    void rulesTestShowsWhatIsMissingAndWhatIsExtra() throws Exception {
        Path log = dir.resolve("call.log");
        Files.copy(Path.of("sample-logs/asterisk/call-not-acceptable.log"), log);
        Files.writeString(dir.resolve("call.log.expected.json"), "[{\"situation\":\"sip-403\",\"callId\":\"nope\"}]");
        Run r = run("rules", "test", dir.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("FAIL " + log), r.out());
        assertTrue(r.out().contains("- expected sip-403 nope"), r.out());
        assertTrue(r.out().contains("+ found    sip-488 f50947aaeb26c57d21fa5d"), r.out());
        assertTrue(r.out().contains("0 passed, 1 failed"), r.out());
    }

    @Test
    void theWorkedExampleOfRulesReadmeChecksAndPasses() {
        Run check = run("rules", "check", "rules/examples/busy");
        assertEquals(0, check.exit(), check.out());
        Run test = run("rules", "test", "--rules", "rules/examples/busy", "rules/examples/busy");
        assertEquals(0, test.exit(), test.out());
        assertTrue(test.out().contains("1 passed, 0 failed"), test.out());
    }
}
