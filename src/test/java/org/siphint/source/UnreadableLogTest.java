package org.siphint.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.event.LogEvent;
import org.siphint.event.SipMessage;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * A log that cannot be read is reported once, and read as soon as it can be, from where it ended
 * when the daemon first saw it. Tests run as root in CI, where {@code chmod 000} stops nothing: the
 * denial comes from an injected opener that fails as the file system would, and a folder standing
 * where the log should be is a real case of its own.
 */
class UnreadableLogTest {

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(TailedFile.class);
    private Level level;

    @BeforeEach
    void capture() {
        level = logger.getLevel();
        logger.setLevel(Level.WARN);
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
        logger.setLevel(level);
    }

    private long warnings(String text) {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains(text)).count();
    }

    private static List<String> callIds(List<LogEvent> events) {
        return events.stream().filter(e -> e instanceof SipMessage).map(LogEvent::getCallId).toList();
    }

    private static void append(Path log, String callId, long n) throws Exception {
        Files.writeString(log, SipLogWriter.message(callId, n), StandardCharsets.UTF_8, StandardOpenOption.APPEND,
                StandardOpenOption.CREATE);
    }

    @Test
    void deniedFileIsReportedOnceAndReadOnceAllowed() throws Exception {
        Path log = dir.resolve("phone.log");
        append(log, "before-start", 0);
        AtomicBoolean denied = new AtomicBoolean(true);
        TailedFile.Opener opener = path -> {
            if (denied.get()) {
                throw new AccessDeniedException(path.toString());
            }
            return TailedFile.Opener.DEFAULT.open(path);
        };
        List<LogEvent> events = new ArrayList<>();
        TailedFile tailer = TailedFile.manual(new LogSource(log, null, null), ZoneId.of("UTC"), false,
                TailedFile.Options.defaults().withOpener(opener), events::add);
        for (int i = 0; i < 5; i++) {
            tailer.poll();
        }
        append(log, "while-denied", 1);
        tailer.poll();
        assertEquals(1, warnings("permission denied"), logged.list.toString());
        denied.set(false);
        tailer.poll();
        append(log, "after", 2);
        tailer.poll();
        tailer.close();
        // what was there at start is old (the daemon starts at the end); what came later is read
        assertEquals(List.of("while-denied", "after"), callIds(events));
        assertEquals(1, warnings("permission denied"));
    }

    @Test
    void folderInPlaceOfTheLogIsReportedOnceThenTheLogIsRead() throws Exception {
        Path log = dir.resolve("phone.log");
        Files.createDirectory(log);
        List<LogEvent> events = new ArrayList<>();
        TailedFile tailer = TailedFile.manual(new LogSource(log, null, null), ZoneId.of("UTC"), false,
                TailedFile.Options.defaults(), events::add);
        for (int i = 0; i < 5; i++) {
            tailer.poll();
        }
        assertEquals(1, warnings("not a regular file"), logged.list.toString());
        Files.delete(log);
        append(log, "first", 0);
        tailer.poll();
        tailer.close();
        assertEquals(List.of("first"), callIds(events));
    }
}
