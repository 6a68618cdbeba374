package org.siphint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.TestRules;
import org.siphint.finding.Finding;

/**
 * A long healthy day gives no warning and no error: the healthy samples of a dialect (registrations
 * with challenges and a stale nonce, answered calls, a busy callee, a caller who hangs up while it
 * rings, a hold with a sendonly re-INVITE, a late ACK, good RTCP, a re-INVITE that crossed the other
 * side's once, DTMF sent as INFO, a session refresh that crossed the far end's hang-up) are repeated many times, each copy
 * moved to its own five-minute slot with its own Call-IDs, tags and branches.
 */
class LongHealthyLogTest {

    private static final int ROUNDS = 60;
    private static final long SLOT_SECONDS = 300;
    private static final Pattern IDENTITY = Pattern.compile("(Call-ID: |tag=|branch=)([^;>\\s]+)");
    private static final Pattern PJSIP_TIME = Pattern.compile("^(\\d{2}:\\d{2}:\\d{2})\\.(\\d{3})");
    private static final Pattern ASTERISK_TIME = Pattern.compile("^\\[(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})\\]");
    private static final DateTimeFormatter ASTERISK_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Test
    void aLongHealthyPjsipLogHasNoProblem(@TempDir Path tmp) throws IOException {
        assertHealthy(tmp, "pjsip", List.of("register-challenge-ok", "register-stale-nonce", "call-ok", "call-busy",
                "call-user-cancel", "call-on-hold", "incoming-ack-late", "incoming-answered-elsewhere",
                "register-contact-rewritten", "call-reinvite-glare-once", "call-info-dtmf-ok", "call-refresh-crossed-hangup"));
    }

    @Test
    void aLongHealthyAsteriskLogHasNoProblem(@TempDir Path tmp) throws IOException {
        assertHealthy(tmp, "asterisk", List.of("register-challenge-ok", "register-stale-nonce", "call-ok",
                "trunk-call-busy", "call-caller-cancel", "call-on-hold", "call-ack-late", "call-good-quality",
                "ring-timer-normal", "trunk-register-retransmit-ok", "call-reinvite-glare-once", "call-info-dtmf-ok",
                "call-refresh-crossed-hangup"));
    }

    private static void assertHealthy(Path tmp, String dialect, List<String> templates) throws IOException {
        StringBuilder log = new StringBuilder(4 << 20);
        long slot = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (String name : templates) {
                String text = Files.readString(Path.of("sample-logs", dialect, name + ".log"), StandardCharsets.UTF_8);
                log.append(copy(text, dialect.equals("pjsip"), slot++ * SLOT_SECONDS, "r" + round));
            }
        }
        Path file = tmp.resolve(dialect + "-long.log");
        Files.writeString(file, log, StandardCharsets.UTF_8);
        String all = log.toString();
        int registrations = count(all, "REGISTER SIP/2.0") + count(all, "REGISTER sip:");
        assertTrue(registrations >= 300, "hundreds of registrations: " + registrations);

        List<Finding> findings = TestRules.replay(null, file);
        List<String> problems = findings.stream().filter(f -> !f.severity().equals("info"))
                .map(f -> f.situation() + "/" + f.cause() + " " + f.callId() + ": " + f.summary()).toList();
        assertEquals(List.of(), problems, "a healthy log must not warn");
    }

    /** One template moved {@code shiftSeconds} later, its identities made unique with {@code suffix}. */
    private static String copy(String text, boolean timeOnly, long shiftSeconds, String suffix) {
        StringBuilder out = new StringBuilder(text.length() + 256);
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                out.append('\n');
                continue;
            }
            String moved = timeOnly ? movePjsip(line, shiftSeconds) : moveAsterisk(line, shiftSeconds);
            Matcher id = IDENTITY.matcher(moved);
            out.append(id.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + suffix))).append('\n');
        }
        // split(-1) adds an empty last element for the final newline
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private static String movePjsip(String line, long shiftSeconds) {
        Matcher m = PJSIP_TIME.matcher(line);
        if (!m.find()) {
            return line;
        }
        LocalTime t = LocalTime.parse(m.group(1)).plusSeconds(shiftSeconds);
        return t.format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "." + m.group(2) + line.substring(m.end());
    }

    private static String moveAsterisk(String line, long shiftSeconds) {
        Matcher m = ASTERISK_TIME.matcher(line);
        if (!m.find()) {
            return line;
        }
        LocalDateTime t = LocalDateTime.parse(m.group(1), ASTERISK_FORMAT).plusSeconds(shiftSeconds);
        return "[" + t.format(ASTERISK_FORMAT) + "]" + line.substring(m.end());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
