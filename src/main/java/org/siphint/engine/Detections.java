package org.siphint.engine;

/**
 * The {@code detections} global of every rule file: where rules report what they concluded.
 * Declared in a rule file as {@code global org.siphint.engine.Detections detections;}.
 */
@FunctionalInterface
public interface Detections {

    void report(Detection detection);
}
