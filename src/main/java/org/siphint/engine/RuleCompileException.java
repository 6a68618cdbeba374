package org.siphint.engine;

import java.util.List;

/** The rules did not compile; each problem reads {@code file:line:column: message}. */
public final class RuleCompileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public RuleCompileException(List<String> problems) {
        super(problems.isEmpty() ? "rules did not compile" : String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
