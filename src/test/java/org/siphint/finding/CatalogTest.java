package org.siphint.finding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class CatalogTest {

    @Test
    void shippedCatalogParsesAndEveryEntryHasWordsAndFixes() throws Exception {
        Catalog catalog = Catalog.parse(Files.readString(Path.of("rules/catalog.yaml")), "rules/catalog.yaml");
        assertTrue(catalog.entries().size() >= 4);
        for (Catalog.Entry e : catalog.entries().values()) {
            assertTrue(!e.title().isBlank() && !e.explanation().isBlank(), e.id());
            for (Catalog.Cause c : e.causes().values()) {
                assertTrue(!c.summary().isBlank() && !c.fix().isEmpty(), e.id() + "/" + c.id());
            }
        }
    }

    @Test
    void brokenEntriesAreReportedWithSituationAndField() {
        CatalogException e = assertThrows(CatalogException.class, () -> Catalog.parse("""
                sip-999:
                  title: x
                  severity: loud
                  explanation: y
                  colour: red
                  causes:
                    a:
                      fix: [one]
                """, "my.yaml"));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("my.yaml: sip-999: unknown field 'colour'"), all);
        assertTrue(all.contains("unknown severity 'loud'"), all);
        assertTrue(all.contains("sip-999.causes.a: missing text field 'summary'"), all);
    }

    @Test
    void yamlSyntaxErrorsNameTheLine() {
        CatalogException e = assertThrows(CatalogException.class, () -> Catalog.parse("a:\n  b: [\n", "my.yaml"));
        assertTrue(e.getMessage().startsWith("my.yaml:"), e.getMessage());
    }

    @Test
    void overlayReplacesAndDisables() throws Exception {
        Catalog base = Catalog.parse(Files.readString(Path.of("rules/catalog.yaml")), "rules/catalog.yaml");
        Catalog mine = Catalog.parse("""
                sip-403:
                  disabled: true
                sip-488:
                  title: Codec trouble
                  explanation: Ours.
                  causes:
                    codecs:
                      summary: s
                      fix: [f]
                """, "mine.yaml");
        Catalog merged = base.overlay(mine);
        assertTrue(merged.get("sip-403").disabled());
        assertEquals("Codec trouble", merged.get("sip-488").title());
        assertEquals(base.get("sip-401").title(), merged.get("sip-401").title());
    }
}
