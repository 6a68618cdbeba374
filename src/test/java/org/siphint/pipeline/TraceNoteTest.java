package org.siphint.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.siphint.dialect.TraceSettings;
import org.siphint.event.LogNotice;
import org.siphint.event.Origin;
import org.siphint.event.Role;

/** The one-time note of watch and replay, and doctor's check, on a PBX log without a SIP trace. */
class TraceNoteTest {

    private static LogNotice refusal(String file, long line) {
        return LogNotice.of(Instant.parse("2026-03-04T10:12:01Z"), new Origin(file, line, Role.PBX), LogNotice.AUTH_FAILED,
                null, "301", "198.51.100.31:5060", "Registration from '<sip:301@pbx>' failed", "reason", "Wrong password",
                TraceSettings.DETAIL, TraceSettings.ASTERISK_CHAN_SIP);
    }

    @Test
    void saysOncePerFileWhichSettingTurnsTheTraceOn() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TraceNote note = new TraceNote(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        for (int i = 1; i <= 50; i++) {
            note.accept(refusal("messages", i));
        }
        note.accept(refusal("full", 1));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, out.lines().count(), out);
        assertTrue(out.contains("sip set debug on"), out);
    }

    @Test
    void saysOncePerFileThatItsFormatWasGuessed() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TraceNote note = new TraceNote(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        for (String file : new String[] {"twinkle.log", "twinkle.log", "phone.syslog"}) {
            note.accept(LogNotice.of(Instant.parse("2026-03-04T10:12:01Z"), new Origin(file, 3, Role.SOFTPHONE),
                    LogNotice.FORMAT_GUESSED, null, null, null, "format guessed", "dialect", "anytext"));
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, out.lines().count(), out);
        assertTrue(out.startsWith("siphint: twinkle.log: format not recognised"), out);
        assertTrue(out.contains(TraceNote.NEW_FORMAT_URL), out);
    }

    @Test
    void doctorNamesTheSettingOnlyForALogWithoutTrace() {
        assertTrue(TraceNote.missingTrace(Path.of("sample-logs/freeswitch-notices/register-wrong-password.log"), 1000)
                .startsWith("sofia global siptrace on"));
        assertTrue(TraceNote.missingTrace(Path.of("sample-logs/asterisk-notices/call-acl.log"), 1000)
                .startsWith("pjsip set logger on"));
        assertNull(TraceNote.missingTrace(Path.of("sample-logs/asterisk/register-wrong-password.log"), 1000),
                "a log with the trace on");
        assertNull(TraceNote.missingTrace(Path.of("sample-logs/asterisk-notices/healthy.log"), 1000),
                "nothing refused: nothing to say");
        assertNull(TraceNote.missingTrace(Path.of("no/such/file.log"), 1000));
    }
}
