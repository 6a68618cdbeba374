package org.siphint.engine;

/**
 * One rule file's text and the name it is known by in error messages.
 *
 * @param name the file name, e.g. {@code registration.drl}
 * @param path where it came from, for error messages (a file path or a resource name)
 * @param text the DRL text
 */
public record RuleSource(String name, String path, String text) {
}
