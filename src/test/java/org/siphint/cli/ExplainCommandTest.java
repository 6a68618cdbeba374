package org.siphint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;
import org.siphint.TestRules;
import org.siphint.finding.Catalog;

/** {@code siphint explain}: the list of situations and one situation's causes and fixes. */
class ExplainCommandTest {



    @Test
    void listsEverySituationOfTheCatalog() {
        CliRun r = CliRun.of("explain", "--rules", "rules");
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        for (Catalog.Entry e : TestRules.catalog().entries().values()) {
            assertTrue(r.out().contains(e.id()) && r.out().contains(e.title()), e.id() + " missing from:\n" + r.out());
        }
    }

    @Test
    void printsTheCausesAndFixesOfOneSituation() {
        CliRun r = CliRun.of("explain", "--rules", "rules", "call-quality");
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
    void explainsTransportAndDnsFailures() {
        for (String id : new String[] {"transport-failure", "dns-failure"}) {
            CliRun r = CliRun.of("explain", "--rules", "rules", id);
            assertEquals(ExitCodes.OK, r.exit(), r.err());
            assertTrue(r.out().startsWith(id + ": "), r.out());
        }
        CliRun r = CliRun.of("explain", "--rules", "rules", "transport-failure");
        for (String cause : new String[] {"tcp-refused", "tls-handshake", "unreachable"}) {
            assertTrue(r.out().contains("Cause '" + cause + "'"), cause);
        }
    }

    @Test
    void anUnknownSituationIsAUsageError() {
        CliRun r = CliRun.of("explain", "--rules", "rules", "sip-999");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("no situation 'sip-999'"), r.err());
    }
}
