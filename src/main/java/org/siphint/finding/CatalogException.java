package org.siphint.finding;

import java.util.List;

/** The situation catalog is broken; each problem names the file, situation and field. */
public final class CatalogException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public CatalogException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
