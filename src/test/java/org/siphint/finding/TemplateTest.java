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
    void factsFromLogsBecomeOnePlainBoundedLine() {
        String hostile = "evil\n\u001b[31mred\u202e\tname" + "x".repeat(500);
        String plain = Template.plain(hostile);
        assertTrue(plain.startsWith("evil red name"), plain);
        assertTrue(plain.length() <= Template.MAX_FACT_LENGTH + 1, "bounded: " + plain.length());
        assertTrue(plain.chars().noneMatch(c -> c < 0x20 || c == 0x202e), plain);
    }
}
