package org.siphint.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.engine.RuleCompileException;
import org.siphint.engine.RuleCompiler;
import org.siphint.engine.RuleProblem;
import org.siphint.engine.RuleSource;
import org.siphint.finding.Catalog;

/**
 * Checks a rule setup the way {@code siphint rules check} reports it: the DRL must compile, and
 * every situation id and cause a rule names must exist in the catalog (a typo there would make the
 * finding fall back to bare wording at run time, which only a person reading the pop-up notices).
 */
public final class RuleCheck {

    // Detection.of("sip-401", ...) or Detection.of(cond ? "sip-407" : "sip-401", ...)
    private static final Pattern DETECTION = Pattern.compile("Detection\\s*\\.\\s*of\\s*\\(");
    private static final Pattern CAUSE = Pattern.compile("\\.\\s*cause\\s*\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern LITERAL = Pattern.compile("\"([^\"\\\\]*)\"");

    private RuleCheck() {
    }

    /** Every problem found; empty when the rules compile and agree with the catalog. */
    public static List<RuleProblem> check(RuleSetup setup) {
        List<RuleProblem> problems = new ArrayList<>();
        try {
            RuleCompiler.compile(setup.sources());
        } catch (RuleCompileException e) {
            problems.addAll(e.problems());
        }
        problems.addAll(catalogProblems(setup.sources(), setup.catalog()));
        return problems;
    }

    static List<RuleProblem> catalogProblems(List<RuleSource> sources, Catalog catalog) {
        List<RuleProblem> problems = new ArrayList<>();
        for (RuleSource source : sources) {
            String text = source.text();
            Matcher m = DETECTION.matcher(text);
            while (m.find()) {
                String firstArgument = firstArgument(text, m.end());
                List<String> situations = new ArrayList<>();
                Matcher lit = LITERAL.matcher(firstArgument);
                while (lit.find()) {
                    situations.add(lit.group(1));
                }
                String statement = statement(text, m.end());
                List<String> causes = new ArrayList<>();
                Matcher c = CAUSE.matcher(statement);
                while (c.find()) {
                    causes.add(c.group(1));
                }
                int line = lineOf(text, m.start());
                for (String situation : situations) {
                    Catalog.Entry entry = catalog.get(situation);
                    if (entry == null) {
                        problems.add(new RuleProblem(source.path(), line, 0,
                                "situation '" + situation + "' is not in the catalog (add it to catalog.yaml)"));
                    } else if (!entry.disabled()) {
                        for (String cause : causes) {
                            boolean known = situations.stream().map(catalog::get)
                                    .anyMatch(e -> e != null && e.causes().containsKey(cause));
                            if (!known) {
                                problems.add(new RuleProblem(source.path(), line, 0, "cause '" + cause
                                        + "' is not a cause of " + situations + " in the catalog"));
                            }
                        }
                    }
                }
            }
        }
        return problems.stream().distinct().toList();
    }

    /** The text of the first argument of a call whose '(' ends at {@code from}. */
    private static String firstArgument(String text, int from) {
        int depth = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                int close = text.indexOf('"', i + 1);
                i = close < 0 ? text.length() : close;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth-- == 0) {
                    return text.substring(from, i);
                }
            } else if (c == ',' && depth == 0) {
                return text.substring(from, i);
            }
        }
        return text.substring(from);
    }

    /** The rest of the Java statement: up to the next ';'. */
    private static String statement(String text, int from) {
        int end = text.indexOf(';', from);
        return end < 0 ? text.substring(from) : text.substring(from, end);
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
