package org.siphint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs the packaged {@code target/siphint.jar} as a user would. Drools wires itself through
 * META-INF/services files that the shaded jar must merge: a jar that only looks right fails here.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of(System.getProperty("siphint.jar", "target/siphint.jar"));

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("siphint-out", ".txt");
        Path err = Files.createTempFile("siphint-err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "siphint did not finish within 120 s");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void replayFiresARuleInThePackagedJar() throws Exception {
        Run r = run("replay", "sample-logs/asterisk/call-not-acceptable.log");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(1, lines.size(), "one finding expected, stdout was:\n" + r.out());
        JsonNode finding = new ObjectMapper().readTree(lines.get(0));
        assertEquals("sip-488", finding.get("situation").asText());
        assertEquals("f50947aaeb26c57d21fa5d", finding.get("callId").asText());
        assertEquals("error", finding.get("severity").asText());
        for (String field : List.of("title", "time", "account", "summary", "fix", "evidence")) {
            assertTrue(finding.hasNonNull(field), "field " + field + " missing: " + finding);
        }
        assertTrue(finding.get("summary").asText().contains("G729"), finding.get("summary").asText());
        assertTrue(finding.get("evidence").get(0).get("file").asText().endsWith("call-not-acceptable.log"));
    }

    @Test
    void healthyLogPrintsNothingOnStdout() throws Exception {
        Run r = run("replay", "sample-logs/asterisk/call-ok.log", "sample-logs/pjsip/register-challenge-ok.log");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void unreadableFileGivesOneLineErrorAndNonZeroExit() throws Exception {
        Run r = run("replay", "sample-logs/no-such-file.log");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("no-such-file.log") && r.err().contains("no such file"), r.err());
    }

    /** The licence files the build generates travel in the jar, and from there into every installer. */
    @Test
    void theJarCarriesTheLicencesOfWhatItBundles() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            String license = text(jar, "META-INF/LICENSE");
            assertEquals(Files.readString(Path.of("LICENSE")), license, "META-INF/LICENSE is not siphint's LICENSE");
            String notice = text(jar, "META-INF/NOTICE");
            assertTrue(notice.contains("siphint") && notice.contains("The Apache Software Foundation"),
                    "the bundled Apache projects' notices are not merged into META-INF/NOTICE:\n" + notice);
            String thirdParty = text(jar, "META-INF/THIRD-PARTY.txt");
            for (String library : List.of("org.drools:drools-core:", "com.fasterxml.jackson.core:jackson-databind:",
                    "net.java.dev.jna:jna:", "info.picocli:picocli:", "ch.qos.logback:logback-classic:",
                    "org.eclipse.jdt:ecj:", "org.slf4j:slf4j-api:")) {
                assertTrue(thirdParty.contains("(" + library), "THIRD-PARTY.txt does not list " + library);
            }
            for (String licence : List.of("Apache-2.0", "EPL-2.0", "MIT", "BSD-3-Clause")) {
                assertTrue(thirdParty.contains("\n" + licence + "\n"), "THIRD-PARTY.txt lacks the text of " + licence);
            }
            // each library's own files, with the copyright lines of the code jackson-core embeds
            assertTrue(text(jar, "META-INF/licenses/jackson-core/FastDoubleParser-LICENSE").contains("Copyright"));
            assertTrue(text(jar, "META-INF/licenses/slf4j-api/LICENSE.txt").contains("QOS.ch"));
        }
    }

    private static String text(JarFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        assertTrue(entry != null, "the jar has no " + name);
        return new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void versionAndHelpListEveryCommand() throws Exception {
        Run version = run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("siphint "), version.out());
        Run help = run("--help");
        assertEquals(0, help.exit());
        for (String command : List.of("replay", "watch", "demo", "explain", "doctor")) {
            assertTrue(help.out().contains(command), "help lacks " + command + ":\n" + help.out());
        }
    }
}
