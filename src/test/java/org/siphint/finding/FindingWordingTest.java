package org.siphint.finding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.TestRules;
import org.siphint.event.Role;

/** The sentences a person reads, rendered from real sample logs with the shipped rules and catalog. */
class FindingWordingTest {

    @Test
    void codecRefusalNamesWhatThePbxAcceptsAsAReadableList() throws Exception {
        List<Finding> findings = TestRules.replay(Role.PBX, Path.of("sample-logs/asterisk/call-not-acceptable.log"));
        Finding refused = findings.stream().filter(f -> f.situation().equals("sip-488")).findFirst()
                .orElseThrow(() -> new AssertionError("no sip-488 among " + findings));
        assertEquals("The call to sip:1002@pbx.example.com was refused because none of the offered codecs (G729)"
                + " is acceptable (the PBX accepts only ulaw, alaw).", refused.summary());
    }
}
