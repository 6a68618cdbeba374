package org.siphint.finding;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The situation catalog ({@code rules/catalog.yaml}): per situation id, the title, explanation,
 * severity and, per likely cause, the summary template and fix steps. Wording lives here, beside the
 * rules, so it changes without touching Java.
 */
public final class Catalog {

    /** The wording for one cause of a situation. */
    public record Cause(String id, String summary, Severity severity, List<String> fix, List<String> adminFix) {
    }

    /** One situation. Causes keep their order: the first is the default. */
    public record Entry(String id, String title, Severity severity, String explanation, Map<String, Cause> causes,
                        Map<String, Double> thresholds, boolean disabled) {

        /** The cause with this id, else the first one. */
        public Cause cause(String causeId) {
            if (causeId != null && causes.containsKey(causeId)) {
                return causes.get(causeId);
            }
            return causes.values().iterator().next();
        }
    }

    private static final Set<String> ENTRY_KEYS = Set.of("title", "severity", "explanation", "causes", "thresholds",
            "disabled");
    private static final Set<String> CAUSE_KEYS = Set.of("summary", "severity", "fix", "admin");

    private final Map<String, Entry> entries;

    private Catalog(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    public static Catalog empty() {
        return new Catalog(new LinkedHashMap<>());
    }

    /** Parses catalog YAML; every problem names the situation and the field. */
    public static Catalog parse(String yaml, String sourceName) throws CatalogException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":"
                    + e.getLocation().getColumnNr();
            throw new CatalogException(List.of(sourceName + where + ": " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new CatalogException(List.of(sourceName + ": the catalog must map situation ids to entries"));
        }
        List<String> problems = new ArrayList<>();
        Map<String, Entry> entries = new LinkedHashMap<>();
        root.fields().forEachRemaining(field -> {
            Entry entry = entry(field.getKey(), field.getValue(), sourceName, problems);
            if (entry != null) {
                entries.put(entry.id(), entry);
            }
        });
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
        return new Catalog(entries);
    }

    /**
     * Entries of {@code overlay} replace entries of this catalog with the same id; an overlay entry
     * with {@code disabled: true} switches a situation off.
     */
    public Catalog overlay(Catalog overlay) {
        Map<String, Entry> merged = new LinkedHashMap<>(entries);
        merged.putAll(overlay.entries);
        return new Catalog(merged);
    }

    public Entry get(String situation) {
        return entries.get(situation);
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    private static Entry entry(String id, JsonNode node, String source, List<String> problems) {
        String where = source + ": " + id;
        if (!node.isObject()) {
            problems.add(where + ": must be a mapping with title, severity, explanation and causes");
            return null;
        }
        if (node.path("disabled").asBoolean(false)) {
            // an overlay that only switches a shipped situation off needs no wording of its own
            return new Entry(id, id, Severity.INFO, "", Map.of(), Map.of(), true);
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!ENTRY_KEYS.contains(k)) {
                problems.add(where + ": unknown field '" + k + "' (expected " + ENTRY_KEYS + ")");
            }
        });
        String title = text(node, "title", where, problems);
        String explanation = text(node, "explanation", where, problems);
        Severity severity = severity(node.get("severity"), Severity.WARNING, where, problems);
        Map<String, Cause> causes = new LinkedHashMap<>();
        JsonNode causesNode = node.get("causes");
        if (causesNode == null || !causesNode.isObject() || causesNode.isEmpty()) {
            problems.add(where + ": needs at least one cause under 'causes'");
        } else {
            causesNode.fields().forEachRemaining(c -> {
                String cw = where + ".causes." + c.getKey();
                JsonNode cn = c.getValue();
                if (!cn.isObject()) {
                    problems.add(cw + ": must be a mapping with summary and fix");
                    return;
                }
                cn.fieldNames().forEachRemaining(k -> {
                    if (!CAUSE_KEYS.contains(k)) {
                        problems.add(cw + ": unknown field '" + k + "' (expected " + CAUSE_KEYS + ")");
                    }
                });
                String summary = text(cn, "summary", cw, problems);
                List<String> fix = list(cn.get("fix"), cw + ".fix", problems, true);
                List<String> admin = list(cn.get("admin"), cw + ".admin", problems, false);
                causes.put(c.getKey(), new Cause(c.getKey(), summary,
                        severity(cn.get("severity"), severity, cw, problems), fix, admin));
            });
        }
        Map<String, Double> thresholds = new LinkedHashMap<>();
        JsonNode t = node.get("thresholds");
        if (t != null) {
            t.fields().forEachRemaining(f -> {
                if (f.getValue().isNumber()) {
                    thresholds.put(f.getKey(), f.getValue().asDouble());
                } else {
                    problems.add(where + ".thresholds." + f.getKey() + ": must be a number");
                }
            });
        }
        return new Entry(id, title, severity, explanation, causes, thresholds, false);
    }

    private static String text(JsonNode node, String field, String where, List<String> problems) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            problems.add(where + ": missing text field '" + field + "'");
            return "";
        }
        return v.asText().trim();
    }

    private static List<String> list(JsonNode node, String where, List<String> problems, boolean required) {
        if (node == null) {
            if (required) {
                problems.add(where + ": missing list of steps");
            }
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(where + ": must be a list of steps");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText().trim()));
        return List.copyOf(out);
    }

    private static Severity severity(JsonNode node, Severity fallback, String where, List<String> problems) {
        if (node == null) {
            return fallback;
        }
        try {
            return Severity.parse(node.asText());
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
            return fallback;
        }
    }

    /** Loads the catalog shipped with siphint. */
    public static Catalog shipped() throws IOException, CatalogException {
        return parse(org.siphint.engine.RuleLoader.readShipped("catalog.yaml"), "rules/catalog.yaml");
    }
}
