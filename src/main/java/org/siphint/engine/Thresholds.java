package org.siphint.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * The numeric limits of the situation catalog ({@code thresholds:} of an entry), exposed to rules
 * as the {@code thresholds} global so that a limit such as "loss above 3 %" is tuned in
 * {@code rules/catalog.yaml} without editing a rule. Declared in a rule file as
 * {@code global org.siphint.engine.Thresholds thresholds;} and read with a fallback, so rules keep
 * working with a catalog that lacks the entry:
 * <pre>
 * MediaReport( lossPercent &gt; thresholds.get("call-quality", "loss-percent", 3) )
 * </pre>
 * The engine sets the global once, before the first event; a changed catalog takes effect with the
 * next session.
 */
public final class Thresholds {

    private static final Thresholds NONE = new Thresholds(Map.of());

    private final Map<String, Map<String, Double>> values;

    private Thresholds(Map<String, Map<String, Double>> values) {
        this.values = values;
    }

    /** Limits per situation id, then per name. */
    public static Thresholds of(Map<String, Map<String, Double>> bySituation) {
        Map<String, Map<String, Double>> copy = new HashMap<>();
        bySituation.forEach((situation, limits) -> copy.put(situation, Map.copyOf(limits)));
        return new Thresholds(Map.copyOf(copy));
    }

    /** No limits: every lookup answers its fallback. */
    public static Thresholds none() {
        return NONE;
    }

    /** The limit {@code name} of {@code situation}, or {@code fallback} when the catalog has none. */
    public double get(String situation, String name, double fallback) {
        Map<String, Double> limits = values.get(situation);
        Double v = limits == null ? null : limits.get(name);
        return v == null ? fallback : v;
    }

    /** A limit given in minutes or seconds by name, in milliseconds (rules compare timestamps). */
    public long millis(String situation, String name, double fallback, long unitMillis) {
        return Math.round(get(situation, name, fallback) * unitMillis);
    }
}
