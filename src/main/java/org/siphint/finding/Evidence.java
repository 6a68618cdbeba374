package org.siphint.finding;

/**
 * One line of proof: where it was read and what it says (credentials already redacted).
 *
 * @param file the log file
 * @param line the 1-based line number where the event starts
 * @param text one line that stands for the event
 */
public record Evidence(String file, long line, String text) {
}
