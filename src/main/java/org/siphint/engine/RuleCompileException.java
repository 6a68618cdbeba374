package org.siphint.engine;

import java.util.List;

/** The rules did not compile; each problem reads {@code file:line:column: message}. */
public final class RuleCompileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<RuleProblem> problems;

    public RuleCompileException(List<RuleProblem> problems) {
        super(problems.isEmpty() ? "rules did not compile"
                : String.join("\n", problems.stream().map(RuleProblem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
