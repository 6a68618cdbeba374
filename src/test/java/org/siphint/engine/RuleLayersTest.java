package org.siphint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RuleLayersTest {

    private static final String SHIPPED = """
            package org.siphint.rules;
            rule "a: first"
            when
                String()
            then
            end

            rule 'b'
            when
            then
            end
            """;

    @Test
    void findsRuleNamesInEveryQuotingStyle() {
        assertEquals(List.of("a: first", "b"), RuleLayers.ruleNames(SHIPPED));
        assertEquals(List.of("plain"), RuleLayers.ruleNames("rule plain\nwhen\nthen\nend\n"));
    }

    @Test
    void removingARuleKeepsEveryOtherLineWhereItWas() {
        String out = RuleLayers.removeRule(SHIPPED, "a: first");
        assertEquals(SHIPPED.split("\n", -1).length, out.split("\n", -1).length);
        assertEquals(List.of("b"), RuleLayers.ruleNames(out));
        assertEquals("rule 'b'", out.split("\n", -1)[7]);
    }

    @Test
    void userFileWithAShippedNameReplacesIt() {
        List<RuleSource> out = RuleLayers.layer(List.of(new RuleSource("x.drl", "rules/x.drl", SHIPPED)),
                List.of(new RuleSource("x.drl", "/home/u/x.drl", "package p;\n")), Set.of());
        assertEquals(1, out.size());
        assertEquals("/home/u/x.drl", out.get(0).path());
    }

    @Test
    void userRuleReplacesTheShippedRuleOfTheSameName() {
        List<RuleSource> out = RuleLayers.layer(List.of(new RuleSource("x.drl", "rules/x.drl", SHIPPED)),
                List.of(new RuleSource("mine.drl", "mine.drl", "rule \"b\"\nwhen\nthen\nend\n")), Set.of());
        assertEquals(List.of("a: first"), RuleLayers.ruleNames(out.get(0).text()));
        assertEquals(List.of("b"), RuleLayers.ruleNames(out.get(1).text()));
    }

    @Test
    void disabledRulesAreLeftOutWhereverTheyAre() {
        List<RuleSource> out = RuleLayers.layer(List.of(new RuleSource("x.drl", "rules/x.drl", SHIPPED)),
                List.of(new RuleSource("mine.drl", "mine.drl", "rule \"c\"\nwhen\nthen\nend\n")), Set.of("b", "c"));
        assertEquals(List.of("a: first"), RuleLayers.ruleNames(out.get(0).text()));
        assertTrue(RuleLayers.ruleNames(out.get(1).text()).isEmpty());
        assertFalse(out.get(1).text().contains("rule"));
    }
}
