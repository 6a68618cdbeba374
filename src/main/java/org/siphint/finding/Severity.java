package org.siphint.finding;

import java.util.Locale;

/** How bad a finding is. Only {@link #WARNING} and {@link #ERROR} pop up by default. */
public enum Severity {
    INFO, WARNING, ERROR;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean popsUp() {
        return this != INFO;
    }

    public static Severity parse(String text) {
        return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "info" -> INFO;
            case "warning", "warn" -> WARNING;
            case "error" -> ERROR;
            default -> throw new IllegalArgumentException("unknown severity '" + text + "' (info, warning or error)");
        };
    }
}
