package org.siphint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;
import org.kie.api.definition.rule.Rule;
import org.siphint.TestRules;
import org.siphint.finding.Finding;
import org.siphint.pipeline.RuleSetup;
import org.siphint.pipeline.SampleCheck;

/**
 * The build's compilation of the shipped rules stands in for compiling them at run time: it must
 * be there, be used only for exactly the shipped texts, and find exactly what the DRL finds.
 */
class PrecompiledRulesTest {

    @Test
    void theBuildPutTheShippedRulesPrecompiledOnTheClassPath() throws IOException {
        assertTrue(PrecompiledRules.load(RuleLoader.shipped()).isPresent(),
                PrecompiledRules.RESOURCE + " is missing or stale: the build's precompile-rules step did not run");
    }

    @Test
    void itHasTheRulesAndGlobalsOfTheDrl() throws IOException {
        KieBase precompiled = PrecompiledRules.load(RuleLoader.shipped()).orElseThrow();
        assertEquals(describe(TestRules.base()), describe(precompiled));
    }

    @Test
    void otherTextsAreNotServedByIt() throws IOException {
        List<RuleSource> shipped = RuleLoader.shipped();
        String firstRule = RuleLayers.ruleNames(shipped.get(0).text()).get(0);
        List<RuleSource> disabled = RuleLayers.layer(shipped, List.of(), Set.of(firstRule));
        assertFalse(PrecompiledRules.load(disabled).isPresent(), "a disabled rule must be compiled from DRL");
        assertFalse(PrecompiledRules.load(shipped.subList(1, shipped.size())).isPresent(), "a replaced file likewise");
        assertTrue(PrecompiledRules.load(RuleLayers.layer(shipped, List.of(), Set.of("no such rule"))).isPresent(),
                "disabling a rule that does not exist changes nothing");
    }

    @Test
    void aPreloadServesTheNextLoadOfTheShippedTextsOnly() throws IOException {
        List<RuleSource> shipped = RuleLoader.shipped();
        PrecompiledRules.preload();
        assertFalse(PrecompiledRules.load(shipped.subList(1, shipped.size())).isPresent(), "other texts: not served");
        PrecompiledRules.preload();
        KieBase first = PrecompiledRules.load(shipped).orElseThrow();
        KieBase second = PrecompiledRules.load(shipped).orElseThrow();
        assertTrue(first != second, "a knowledge base is handed out once");
        assertEquals(describe(first), describe(second));
    }

    @Test
    void anEmptyRulesFolderStillGetsThePrecompiledRules(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "not a rule file");
        RuleSetup setup = RuleSetup.load(dir, Set.of());
        assertTrue(PrecompiledRules.load(setup.sources()).isPresent());
        assertEquals(describe(TestRules.base()), describe(setup.compile()));
    }

    @Test
    void writtenAndReadBackItRunsLikeTheDrl() throws Exception {
        List<RuleSource> sources = List.of(new RuleSource("t.drl", "t.drl", """
                package org.siphint.rules;
                declare Seen
                    text : String
                end
                rule "remember"
                when
                    $s : String()
                then
                    insert(new Seen($s));
                end
                rule "count"
                when
                    $n : Number(intValue >= 2) from accumulate(Seen(), count(1))
                then
                    insert(Integer.valueOf(-1));
                end
                """));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrecompiledRules.write(sources, bytes);
        KieBase base = PrecompiledRules.read(new ByteArrayInputStream(bytes.toByteArray()), sources).orElseThrow();
        var session = base.newKieSession();
        session.insert("a");
        session.insert("b");
        assertEquals(3, session.fireAllRules());
        assertEquals(5, session.getFactCount());
        session.dispose();
        assertNull(PrecompiledRules.read(new ByteArrayInputStream(bytes.toByteArray()),
                List.of(new RuleSource("t.drl", "t.drl", "package x;"))).orElse(null), "another text");
    }

    /** Every sample gives the same findings, word for word, with the precompiled rules and the DRL. */
    @TestFactory
    Stream<DynamicTest> everySampleGivesTheSameFindings() throws IOException {
        KieBase precompiled = PrecompiledRules.load(RuleLoader.shipped()).orElseThrow();
        List<Path> logs = SampleCheck.samples(Path.of("sample-logs"));
        assertFalse(logs.isEmpty());
        return logs.stream().map(log -> DynamicTest.dynamicTest(log.toString(), () -> {
            List<Finding> fromDrl = SampleCheck.check(log, TestRules.base(), TestRules.catalog(), ZoneId.of("UTC")).findings();
            List<Finding> fromBuild = SampleCheck.check(log, precompiled, TestRules.catalog(), ZoneId.of("UTC")).findings();
            assertEquals(fromDrl, fromBuild);
        }));
    }

    private static Set<String> describe(KieBase base) {
        Set<String> out = new TreeSet<>();
        for (KiePackage p : base.getKiePackages()) {
            for (Rule r : p.getRules()) {
                out.add("rule " + p.getName() + "." + r.getName());
            }
            for (Global g : p.getGlobalVariables()) {
                out.add("global " + g.getName() + " " + g.getType());
            }
            List<String> types = new ArrayList<>();
            p.getFactTypes().forEach(t -> types.add("type " + t.getName()));
            out.addAll(types);
        }
        return out;
    }
}
