package org.siphint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * The command line against the README's exit-code table: every command is in the table and every
 * row is a command, each prints its usage and exits 0 with --help, a wrong option exits 2, and the
 * failures the table names give the code it names.
 */
class CommandLineTest {


    /** A row of the table: the command and the text of its 0, 1 and 2 columns. */
    private record Row(String command, String ok, String failure, String usage) {
    }


    private static String[] words(String command, String... more) {
        List<String> all = new ArrayList<>(List.of(command.split(" ")));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** The rows of the table under "### Exit codes" in README.md, by command. */
    static Map<String, Row> readmeTable() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("### Exit codes");
        assertTrue(start >= 0, "README.md has no '### Exit codes' section");
        Map<String, Row> rows = new LinkedHashMap<>();
        Pattern row = Pattern.compile("^\\| `([a-z ]+)` \\|([^|]*)\\|([^|]*)\\|([^|]*)\\|$", Pattern.MULTILINE);
        Matcher m = row.matcher(readme.substring(start, readme.indexOf("\n## ", start)));
        while (m.find()) {
            rows.put(m.group(1), new Row(m.group(1), m.group(2).strip(), m.group(3).strip(), m.group(4).strip()));
        }
        return rows;
    }

    /** Every command and subcommand of siphint, as typed ("rules check"). */
    private static List<String> commands() {
        List<String> names = new ArrayList<>();
        collect(new CommandLine(new Main()), "", names);
        return names;
    }

    private static void collect(CommandLine cmd, String prefix, List<String> names) {
        for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
            String name = prefix + sub.getKey();
            names.add(name);
            collect(sub.getValue(), name + " ", names);
        }
    }

    @Test
    void theReadmeTableNamesEveryCommandAndNoOther() throws IOException {
        assertEquals(new TreeSet<>(commands()), new TreeSet<>(readmeTable().keySet()),
                "the commands and the rows of the README's exit-code table differ");
    }

    @Test
    void everyCommandPrintsItsUsageWithHelpAndExitsZero() throws IOException {
        for (Row row : readmeTable().values()) {
            assertTrue(!row.ok().isEmpty(), row.command() + ": the README names no exit 0");
            CliRun r = CliRun.of(words(row.command(), "--help"));
            assertEquals(0, r.exit(), row.command() + " --help: " + r.err());
            if (!row.command().equals("help")) {
                assertTrue(r.out().startsWith("Usage: siphint " + row.command()), row.command() + " --help printed:\n" + r.out());
            }
            assertEquals("", r.err(), row.command() + " --help wrote on stderr");
        }
    }

    @Test
    void aWrongOptionIsAUsageErrorForEveryCommand() throws IOException {
        for (Row row : readmeTable().values()) {
            assertTrue(row.usage().contains("wrong usage") || row.usage().contains("unknown command"),
                    row.command() + ": the README does not say what exit 2 means");
            CliRun r = CliRun.of(words(row.command(), "--no-such-option"));
            assertEquals(2, r.exit(), row.command() + " --no-such-option: " + r.err());
            assertTrue(r.err().contains("--no-such-option"), row.command() + ": the error does not name the option:\n" + r.err());
            assertEquals("", r.out(), row.command() + ": a usage error printed on stdout");
        }
    }

    @Test
    void anUnknownCommandSaysSoAndExitsTwoWhateverFollows() {
        for (String[] args : List.of(new String[] {"nosuchcommand"}, new String[] {"nosuchcommand", "--help"},
                new String[] {"--help", "nosuchcommand"}, new String[] {"nosuchcommand", "--from-start", "-V"},
                new String[] {"nosuchcommand", "replay", "x.log"})) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.exit(), String.join(" ", args));
            assertTrue(r.err().startsWith("siphint: unknown command 'nosuchcommand'"), String.join(" ", args) + ":\n" + r.err());
            assertTrue(r.err().contains("Usage: siphint [-hV] [COMMAND]"), "no usage after the error:\n" + r.err());
            assertEquals("", r.out(), String.join(" ", args) + " printed on stdout");
        }
        CliRun sub = CliRun.of("rules", "nosuch", "--help");
        assertEquals(2, sub.exit());
        assertTrue(sub.err().startsWith("siphint rules: unknown command 'nosuch'"), sub.err());
        // a mistyped option is named even when a file is missing too
        CliRun option = CliRun.of("replay", "--jsno");
        assertEquals(2, option.exit());
        assertTrue(option.err().startsWith("Unknown option: '--jsno'"), option.err());
        CliRun help = CliRun.of("help", "nosuchcommand");
        assertEquals(2, help.exit(), help.err());
    }

    @Test
    void theFailuresTheTableNamesGiveItsCodes(@TempDir Path dir) throws IOException {
        Map<String, Row> table = readmeTable();
        // 1: a file that cannot be read
        assertTrue(table.get("replay").failure().contains("a file cannot be read"));
        assertEquals(1, CliRun.of("replay", dir.resolve("missing.log").toString()).exit());
        assertTrue(table.get("report").failure().contains("a file cannot be read"));
        assertEquals(1, CliRun.of("report", "some-call-id", dir.resolve("missing.log").toString()).exit());
        // 1: rules with problems
        assertTrue(table.get("rules check").failure().contains("problems"));
        Files.writeString(dir.resolve("broken.drl"), "package org.siphint.rules;\nrule \"broken\" when then x( end\n");
        assertEquals(1, CliRun.of("rules", "check", dir.toString()).exit());
        // 2: the usage errors the commands find themselves
        assertTrue(table.get("explain").usage().contains("an unknown situation"));
        assertEquals(2, CliRun.of("explain", "--rules", "rules", "sip-999").exit());
        assertTrue(table.get("replay").usage().contains("--format"));
        assertEquals(2, CliRun.of("replay", "--format", "xml", "sample-logs/asterisk/call-ok.log").exit());
        assertTrue(table.get("watch").usage().contains("an unknown notifier"));
        assertEquals(2, CliRun.of("watch", "--no-state", "--notifier", "carrier-pigeon", dir.resolve("a.log").toString()).exit());
        // 0 without anything to do
        assertEquals(0, CliRun.of().exit());
        assertEquals(0, CliRun.of("rules").exit());
        assertEquals(0, CliRun.of("explain", "--rules", "rules", "sip-488").exit());
    }
}
