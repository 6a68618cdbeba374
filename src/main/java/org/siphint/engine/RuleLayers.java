package org.siphint.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lays a user's rule files over the shipped ones. A user file with the name of a shipped file
 * replaces it; a user rule with the name of a shipped rule replaces that rule; a rule whose name is
 * listed as disabled is left out. Rules are cut out line for line (the lines become blank), so
 * errors in what remains still point at the right line of the file the author edits.
 */
public final class RuleLayers {

    // rule "name" / rule 'name' / rule name  at the start of a line, up to the next "end" on a line of its own
    private static final Pattern RULE = Pattern.compile(
            "(?m)^[ \\t]*rule[ \\t]+(\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|([^\\s\"']+))");
    private static final Pattern END = Pattern.compile("(?m)^[ \\t]*end[ \\t]*(?://.*)?$");

    private RuleLayers() {
    }

    public static List<RuleSource> layer(List<RuleSource> shipped, List<RuleSource> user, Collection<String> disabled) {
        Map<String, RuleSource> byName = new LinkedHashMap<>();
        shipped.forEach(s -> byName.put(s.name(), s));
        Set<String> userRules = new HashSet<>();
        for (RuleSource u : user) {
            userRules.addAll(ruleNames(u.text()));
        }
        for (RuleSource u : user) {
            byName.remove(u.name());
        }
        List<RuleSource> out = new ArrayList<>();
        for (RuleSource s : byName.values()) {
            String text = s.text();
            for (String rule : ruleNames(text)) {
                if (userRules.contains(rule) || disabled.contains(rule)) {
                    text = removeRule(text, rule);
                }
            }
            out.add(new RuleSource(s.name(), s.path(), text));
        }
        for (RuleSource u : user) {
            String text = u.text();
            for (String rule : ruleNames(text)) {
                if (disabled.contains(rule)) {
                    text = removeRule(text, rule);
                }
            }
            out.add(new RuleSource(u.name(), u.path(), text));
        }
        return out;
    }

    /** The names of the rules a DRL text declares, in order. */
    public static List<String> ruleNames(String drl) {
        List<String> names = new ArrayList<>();
        Matcher m = RULE.matcher(drl);
        while (m.find()) {
            names.add(name(m));
        }
        return names;
    }

    /** The text with one rule's lines blanked out; unchanged when the rule is not there. */
    public static String removeRule(String drl, String ruleName) {
        Matcher m = RULE.matcher(drl);
        while (m.find()) {
            if (!name(m).equals(ruleName)) {
                continue;
            }
            Matcher end = END.matcher(drl);
            if (!end.find(m.end())) {
                return drl; // an unterminated rule: leave it for the compiler to report
            }
            String block = drl.substring(m.start(), end.end());
            String blank = block.replaceAll("[^\\n]", "");
            return drl.substring(0, m.start()) + blank + drl.substring(end.end());
        }
        return drl;
    }

    private static String name(Matcher m) {
        if (m.group(2) != null) {
            return m.group(2).replace("\\\"", "\"");
        }
        return m.group(3) != null ? m.group(3) : m.group(4);
    }
}
