package org.siphint.engine;

/**
 * One problem in a rule file, located for a person with an editor: {@code file:line:column: message}.
 *
 * @param file    the rule file as the user knows it (a path, or {@code rules/NAME.drl} for shipped ones)
 * @param line    1-based line, 0 when unknown
 * @param column  1-based column, 0 when unknown
 * @param message what is wrong
 */
public record RuleProblem(String file, int line, int column, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
