package org.siphint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.TestRules;
import org.siphint.finding.ConsoleSink;
import org.siphint.finding.FindingFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The demo as a new user sees it: the bundled playlist played into a folder the daemon follows,
 * headings and findings on one console. Each scenario's findings must be printed under its own
 * heading (a verdict about what did not happen, such as no success 10 s after a refused password,
 * included), exactly those its sample expects, and all dated on the playlist's day.
 */
class DemoCommandTest {

    /** A finding's first line as {@link ConsoleSink} prints it: time, severity, situation. */
    private static final Pattern FINDING = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}) \\d{2}:\\d{2}:\\d{2}  [A-Z]+  ([\\w-]+): ",
            Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void eachScenariosFindingsArePrintedUnderItsOwnHeading() throws Exception {
        DemoCommand.Playlist playlist = DemoCommand.playlist(DemoCommand.PLAYLIST);
        assertTrue(playlist.tracks().size() >= 3, "the playlist has scenarios");
        assertTrue(playlist.date() != null, "the playlist names the samples' day");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        DemoCommand demo = new DemoCommand();
        demo.linesPerSecond = 2000;
        demo.pauseMillis = 0;
        long count = demo.play(playlist, dir, TestRules.base(), new FindingFactory(TestRules.catalog()),
                List.of(new ConsoleSink(console)), console);
        String out = bytes.toString(StandardCharsets.UTF_8);

        List<String> sections = sections(out, playlist);
        int printed = 0;
        boolean someHealthy = false;
        for (int i = 0; i < playlist.tracks().size(); i++) {
            DemoCommand.Track track = playlist.tracks().get(i);
            TreeSet<String> expected = expectedSituations(track);
            TreeSet<String> shown = new TreeSet<>();
            Matcher m = FINDING.matcher(sections.get(i));
            while (m.find()) {
                shown.add(m.group(2));
                assertEquals(playlist.date().toString(), m.group(1),
                        "findings of one demo run are dated on the samples' day:\n" + sections.get(i));
                printed++;
            }
            assertEquals(expected, shown, "findings under \"" + track.title() + "\":\n" + out);
            someHealthy |= expected.isEmpty();
        }
        assertTrue(someHealthy, "the playlist has a healthy scenario, which must print nothing");
        assertTrue(printed > 0, "some scenario gives a finding:\n" + out);
        assertEquals(printed, count, "every finding is printed under a heading:\n" + out);
    }

    /** The console text under each track's heading, up to the next heading. */
    private static List<String> sections(String out, DemoCommand.Playlist playlist) {
        List<String> sections = new ArrayList<>();
        int from = -1;
        for (DemoCommand.Track track : playlist.tracks()) {
            int heading = out.indexOf("== " + track.title() + "  (", Math.max(from, 0));
            assertTrue(heading >= 0, "heading of \"" + track.title() + "\" printed in order:\n" + out);
            if (from >= 0) {
                sections.add(out.substring(from, heading));
            } else {
                assertFalse(FINDING.matcher(out.substring(0, heading)).find(), "no finding before the first heading:\n" + out);
            }
            from = heading;
        }
        sections.add(out.substring(from));
        return sections;
    }

    private static TreeSet<String> expectedSituations(DemoCommand.Track track) throws Exception {
        Path sample = Path.of("sample-logs", track.resource().substring("siphint/sample-logs/".length()));
        JsonNode expected = new ObjectMapper().readTree(Files.readString(Path.of(sample + ".expected.json")));
        TreeSet<String> situations = new TreeSet<>();
        expected.forEach(n -> situations.add(n.get("situation").asText()));
        return situations;
    }
}
