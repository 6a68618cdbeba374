package org.siphint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken config or rule file at start: a clear file:line: message and a non-zero exit, nothing else. */
class BrokenConfigTest {

    @TempDir
    Path dir;



    @Test
    void yamlSyntaxErrorNamesFileAndLine() throws Exception {
        Path config = dir.resolve("siphint.yaml");
        Files.writeString(config, "notifier: console\nlogs:\n\t- path: /var/log/asterisk/full\n"); // YAML forbids tabs
        CliRun r = CliRun.of("watch", "--no-state", "--config", config.toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().matches("(?s)siphint: \\Q" + config + "\\E:3: .+"), r.err());
    }

    @Test
    void unknownFieldNamesFileAndLine() throws Exception {
        Path config = dir.resolve("siphint.yaml");
        Files.writeString(config, "logs:\n  - path: /var/log/asterisk/full\n    rol: pbx\n");
        CliRun r = CliRun.of("watch", "--no-state", "--config", config.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains(config + ":3: ") && r.err().contains("rol"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void brokenRuleFileNamesFileAndLine() throws Exception {
        Path rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("mine.drl"), "package org.siphint.rules;\n"
                + "import org.siphint.event.SipMessage;\n"
                + "rule \"broken\"\n"
                + "when\n"
                + "    SipMessage( status == 488 \n"
                + "then\n"
                + "end\n");
        for (String command : new String[] {"replay", "watch"}) {
            CliRun r = command.equals("replay")
                    ? CliRun.of("replay", "--rules", rules.toString(), "sample-logs/pjsip/call-ok.log")
                    : CliRun.of("watch", "--no-state", "--rules", rules.toString(), "sample-logs/pjsip/call-ok.log");
            assertEquals(1, r.exit(), command + ": " + r.err());
            assertEquals("", r.out());
            assertTrue(r.err().matches("(?s).*\\Q" + rules.resolve("mine.drl") + "\\E:[5-7]:\\d+: .*"),
                    command + ": " + r.err());
        }
    }
}
