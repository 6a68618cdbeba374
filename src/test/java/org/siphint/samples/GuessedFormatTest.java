package org.siphint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.siphint.TestRules;
import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.event.SipMessage;
import org.siphint.finding.Finding;
import org.siphint.finding.FindingFactory;
import org.siphint.pipeline.Pipeline;
import org.siphint.pipeline.Replay;
import org.siphint.source.LogSource;

/**
 * The acceptance check of a guessed format: the calls of a sample in a format siphint knows,
 * written again in log formats it does not know (a syslog line per message line, a Java-style log
 * with the message after its record line, epoch-stamped records with an indented message), give the
 * same findings (situation, Call-ID, cause), and each such file is read as a guessed format.
 */
class GuessedFormatTest {

    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter JAVA = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    /** One message as each unknown format writes it. */
    private static final List<BiFunction<SipMessage, LocalDateTime, List<String>>> LAYOUTS = List.of(
            (m, t) -> {
                String prefix = SYSLOG.format(t) + " deskphone sipua[812]:";
                List<String> out = new ArrayList<>();
                out.add(prefix + " " + (m.isSent() ? "Sending SIP message to " : "Received SIP message from ")
                        + (m.getPeer() == null ? "peer" : m.getPeer()));
                for (String l : m.getText().split("\n", -1)) {
                    out.add(l.isEmpty() ? prefix : prefix + " " + l);
                }
                out.add(prefix);
                return out;
            },
            (m, t) -> {
                List<String> out = new ArrayList<>();
                out.add(JAVA.format(t) + " DEBUG [SipStack-3] c.e.sip.Transport - " + (m.isSent() ? "outgoing" : "incoming")
                        + " message " + (m.isSent() ? "to " : "from ") + (m.getPeer() == null ? "?" : m.getPeer()) + ":");
                out.addAll(List.of(m.getText().split("\n", -1)));
                out.add("");
                return out;
            },
            (m, t) -> {
                long epoch = t.toInstant(ZoneOffset.UTC).toEpochMilli();
                List<String> out = new ArrayList<>();
                out.add(String.format(Locale.ROOT, "[%d.%03d] sip %s %s", epoch / 1000, epoch % 1000,
                        m.isSent() ? "TX" : "RX", m.getPeer() == null ? "" : m.getPeer()));
                for (String l : m.getText().split("\n", -1)) {
                    out.add("    " + l);
                }
                out.add("[" + epoch / 1000 + ".999] sip message handled");
                return out;
            });

    @ParameterizedTest
    @ValueSource(strings = {"pjsip/call-not-acceptable.log", "pjsip/register-wrong-password.log",
        "pjsip/call-forbidden.log", "pjsip/register-challenge-ok.log", "raw/call-forbidden.log"})
    void theSameCallInAGuessedFormatGivesTheSameFindings(String sample, @TempDir Path tmp) throws IOException {
        Path known = Path.of("sample-logs", sample);
        List<SipMessage> messages = new ArrayList<>();
        List<String> expected = findings(known, e -> {
            if (e instanceof SipMessage m) {
                messages.add(m);
            }
        });
        assertFalse(messages.isEmpty());
        assertEquals(SampleCheckFindings.expected(known),
                expected.stream().map(k -> k.substring(0, k.lastIndexOf(" ("))).toList(), "the known format's own findings");
        for (int layout = 0; layout < LAYOUTS.size(); layout++) {
            List<String> lines = new ArrayList<>(List.of("log opened by deskphone 4.2", "audio device ready"));
            for (SipMessage m : messages) {
                LocalDateTime t = LocalDateTime.ofInstant(m.getTime(), ZoneOffset.UTC);
                lines.addAll(LAYOUTS.get(layout).apply(m, t));
                lines.add(JAVA.format(t) + " INFO  [main] state machine updated");
            }
            Path guessed = tmp.resolve("layout" + layout + ".log");
            Files.write(guessed, lines, StandardCharsets.UTF_8);
            Files.setLastModifiedTime(guessed, Files.getLastModifiedTime(known));
            boolean[] noted = {false};
            List<Direction> directions = new ArrayList<>();
            List<String> got = findings(guessed, e -> {
                noted[0] |= e instanceof LogNotice n && LogNotice.FORMAT_GUESSED.equals(n.getKind());
                if (e instanceof SipMessage m) {
                    directions.add(m.getDirection());
                }
            });
            assertTrue(noted[0], "layout " + layout + " read as a guessed format");
            assertEquals(messages.stream().map(SipMessage::getDirection).toList(), directions, "layout " + layout);
            assertEquals(expected, got, "layout " + layout + " of " + sample + ":\n" + String.join("\n", lines));
        }
    }

    private static List<String> findings(Path log, java.util.function.Consumer<LogEvent> observer) throws IOException {
        List<Finding> findings = new ArrayList<>();
        try (Pipeline pipeline = new Pipeline(TestRules.base(), new FindingFactory(TestRules.catalog()),
                List.of(findings::add))) {
            pipeline.observe(observer);
            new Replay(ZoneOffset.UTC).run(List.of(new LogSource(log, null, null)), pipeline);
        }
        return findings.stream().filter(f -> f.severityLevel().popsUp())
                .map(f -> f.situation() + " " + f.callId() + " (" + f.cause() + ")").sorted().toList();
    }

    /** The expectations beside a sample, as situation and Call-ID (the causes are compared between formats). */
    private static final class SampleCheckFindings {
        static List<String> expected(Path log) throws IOException {
            List<String> keys = new ArrayList<>(org.siphint.pipeline.SampleCheck.expected(log));
            keys.sort(null);
            return keys;
        }
    }
}
