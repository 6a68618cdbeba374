package org.siphint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneId;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.finding.Finding;

class ReportWriterTest {

    @Test
    void theDaemonsWriterHasTheReportReadyForTheNotifier(@TempDir Path dir) throws Exception {
        CallRecorder recorder = new CallRecorder();
        recorder.accept(CallRecorderTest.options("call-a", 1));
        ReportWriter writer = new ReportWriter(dir, recorder, ReportWriter.When.AT_ONCE, 3, ZoneId.of("UTC"));
        Finding f = ReportSafetyTest.finding("sip-408", "call-a");
        assertTrue(writer.reportFor(f).isEmpty());
        writer.accept(f);
        Path page = writer.reportFor(f).orElseThrow();
        assertEquals(writer.pathFor(f), page);
        assertTrue(Files.readString(page).contains("OPTIONS"), "the call's message is drawn");
        assertEquals(1, writer.written());
    }

    @Test
    void theDaemonKeepsOnlyTheNewestReportsAndLeavesOtherFilesAlone(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        ReportWriter writer = new ReportWriter(dir, new CallRecorder(), ReportWriter.When.AT_ONCE, 3, ZoneId.of("UTC"));
        for (int i = 0; i < 6; i++) {
            Finding f = ReportSafetyTest.finding("sip-401", "call-" + i);
            writer.accept(f);
            // distinct modification times, oldest first
            Files.setLastModifiedTime(writer.pathFor(f), FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(4, files.count(), "three reports and notes.txt");
        }
        assertTrue(Files.exists(dir.resolve("notes.txt")));
        assertTrue(writer.reportFor(ReportSafetyTest.finding("sip-401", "call-5")).isPresent());
        assertFalse(writer.reportFor(ReportSafetyTest.finding("sip-401", "call-0")).isPresent());
    }

    @Test
    void aReplaysWriterWaitsForTheEndOfTheCall(@TempDir Path dir) throws Exception {
        CallRecorder recorder = new CallRecorder();
        recorder.accept(CallRecorderTest.options("call-b", 1));
        ReportWriter writer = new ReportWriter(dir, recorder, ReportWriter.When.AT_CLOSE, 0, ZoneId.of("UTC"));
        Finding f = ReportSafetyTest.finding("sip-488", "call-b");
        writer.accept(f);
        assertTrue(writer.reportFor(f).isEmpty(), "nothing before the end of input");
        recorder.accept(CallRecorderTest.options("call-b", 2));
        writer.close();
        String html = Files.readString(writer.reportFor(f).orElseThrow());
        assertEquals(2, html.split("class=\"arrow", -1).length - 1, "the message that came after the finding is drawn");
    }
}
