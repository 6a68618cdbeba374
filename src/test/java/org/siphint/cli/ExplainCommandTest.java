package org.siphint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.siphint.TestRules;
import org.siphint.finding.Catalog;

/** {@code siphint explain}: the list of situations and one situation's causes and fixes. */
class ExplainCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void listsEverySituationOfTheCatalog() {
        Run r = run("explain", "--rules", "rules");
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        for (Catalog.Entry e : TestRules.catalog().entries().values()) {
            assertTrue(r.out().contains(e.id()) && r.out().contains(e.title()), e.id() + " missing from:\n" + r.out());
        }
    }

    @Test
    void printsTheCausesAndFixesOfOneSituation() {
        Run r = run("explain", "--rules", "rules", "call-quality");
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        Catalog.Entry entry = TestRules.catalog().get("call-quality");
        assertTrue(r.out().startsWith("call-quality: " + entry.title() + " [warning]"), r.out());
        for (Catalog.Cause cause : entry.causes().values()) {
            assertTrue(r.out().contains("Cause '" + cause.id() + "'"), cause.id());
            assertTrue(r.out().contains("1. " + cause.fix().get(0)), cause.id());
        }
        assertTrue(r.out().contains("For the PBX or network admin:"));
    }

    @Test
    void anUnknownSituationIsAUsageError() {
        Run r = run("explain", "--rules", "rules", "sip-999");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("no situation 'sip-999'"), r.err());
    }
}
