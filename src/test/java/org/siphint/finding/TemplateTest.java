package org.siphint.finding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TemplateTest {

    @Test
    void fillsFactsAndFallsBackWhenUnknown() {
        assertEquals("codecs G729 refused by unknown, realm x",
                Template.fill("codecs {offered} refused by {server}, realm {realm|x}", Map.of("offered", "G729")));
        assertEquals("a {b", Template.fill("a {b", Map.of()));
    }

    @Test
    void anOptionalClauseKeepsItsSpaceAndAListFormatReadsAsAList() {
        Map<String, String> facts = Map.of("note", " (the PBX accepts only ulaw|alaw | gsm)");
        assertEquals("is acceptable (the PBX accepts only ulaw, alaw, gsm).",
                Template.fill("is acceptable{note:list|}.", facts));
        assertEquals("is acceptable (the PBX accepts only ulaw|alaw | gsm).",
                Template.fill("is acceptable{note|}.", facts), "without the format the fact is shown as logged");
        assertEquals("is acceptable.", Template.fill("is acceptable{missing:list|}.", facts));
        assertEquals("codecs none", Template.fill("codecs {missing:list|none}", facts));
    }

    @Test
    void factsFromLogsBecomeOnePlainBoundedLine() {
        String hostile = "evil\n\u001b[31mred\u202e\tname" + "x".repeat(500);
        String plain = Template.plain(hostile);
        assertTrue(plain.startsWith("evil red name"), plain);
        assertTrue(plain.length() <= Template.MAX_FACT_LENGTH + 1, "bounded: " + plain.length());
        assertTrue(plain.chars().noneMatch(c -> c < 0x20 || c == 0x202e), plain);
    }
}
