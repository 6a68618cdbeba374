package org.siphint.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What siphint counts, for Prometheus: one instance per process, with a registry of its own (never
 * the client library's global one, so tests and several daemons in one JVM do not mix). Every method
 * is cheap (a counter increment), safe from any thread and never throws on odd input: a null or
 * blank label is {@code unknown}.
 *
 * <p>Label values are bounded: at most {@link #MAX_VALUES} distinct values per label name
 * (later ones are counted under {@code other}) and {@link #MAX_VALUE_LENGTH} characters each, so a
 * rule folder or a peer that invents names cannot grow the registry without end.
 *
 * <pre>
 * siphint_findings_total{situation,severity}   findings reported
 * siphint_events_read_total{dialect}           events read from logs, captures and HEP
 * siphint_facts_in_total{kind}                 facts handed to the rules
 * siphint_facts_out_total{kind}                facts published to the fleet
 * siphint_dropped_total{reason}                input dropped, by reason
 * siphint_consumer_lag{partition}              messages a consumer is behind, per partition
 * </pre>
 */
public final class Metrics {

    /** Distinct values one label name may take before the rest count as {@link #OTHER}. */
    public static final int MAX_VALUES = 200;
    /** Longest label value kept; longer ones are cut. */
    public static final int MAX_VALUE_LENGTH = 64;
    static final String OTHER = "other";
    static final String UNKNOWN = "unknown";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter findings = counter("siphint_findings_total",
            "Findings reported, by situation and severity.", "situation", "severity");
    private final Counter eventsRead = counter("siphint_events_read_total",
            "Events read (SIP messages, media reports, notices), by the log format or input they came from.", "dialect");
    private final Counter factsIn = counter("siphint_facts_in_total",
            "Facts handed to the rules, by kind (transaction, call, registration, media, notice, message).", "kind");
    private final Counter factsOut = counter("siphint_facts_out_total",
            "Facts published to the fleet, by kind.", "kind");
    private final Counter dropped = counter("siphint_dropped_total",
            "Input or output dropped, by reason (too-old, malformed, queue-full, ...).", "reason");
    private final Map<String, LongSupplier> lags = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();

    private Metrics() {
        GaugeWithCallback.builder()
                .name("siphint_consumer_lag")
                .help("Messages a consumer is behind the end of its partition.")
                .labelNames("partition")
                .callback(callback -> lags.forEach((partition, lag) -> {
                    try {
                        callback.call(lag.getAsLong(), partition);
                    } catch (RuntimeException e) {
                        // a failing supplier leaves its partition out of this scrape, not the others
                    }
                }))
                .register(registry);
    }

    /** A new, empty set of metrics with its own registry. */
    public static Metrics create() {
        return new Metrics();
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    /** A finding was reported (situation id such as {@code sip-488}; severity info, warning or error). */
    public void finding(String situation, String severity) {
        findings.labelValues(label("situation", situation), label("severity", severity)).inc();
    }

    /** {@code n} events were read from an input of this dialect ({@code asterisk}, {@code pjsip}, {@code hep}...). */
    public void eventsRead(String dialect, long n) {
        add(eventsRead, n, label("dialect", dialect));
    }

    /** {@code n} facts of this kind went into the rules. */
    public void factsIn(String kind, long n) {
        add(factsIn, n, label("kind", kind));
    }

    /** {@code n} facts of this kind were published (by an agent). */
    public void factsOut(String kind, long n) {
        add(factsOut, n, label("kind", kind));
    }

    /** {@code n} items were dropped for this reason ({@code too-old}, {@code malformed}, {@code queue-full}...). */
    public void dropped(String reason, long n) {
        add(dropped, n, label("reason", reason));
    }

    /**
     * Reports a consumer's lag on {@code partition}: {@code lag} is asked at each scrape (from the
     * scraping thread, so it must be quick and thread-safe). A second call for the same partition
     * replaces the first.
     */
    public void lag(String partition, LongSupplier lag) {
        lags.put(label("partition", partition), lag);
    }

    /** Stops reporting the lag of {@code partition} (a partition revoked from this consumer). */
    public void removeLag(String partition) {
        lags.remove(label("partition", partition));
    }

    /** Serves these metrics at {@code http://ADDRESS/metrics} until the server is closed. */
    public MetricsServer start(InetSocketAddress address) throws IOException {
        return MetricsServer.start(registry, address);
    }

    /** The metrics in the Prometheus text format, as a scrape sees them. */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    PrometheusRegistry registry() {
        return registry;
    }

    private static void add(Counter counter, long n, String value) {
        if (n > 0) {
            counter.labelValues(value).inc(n);
        }
    }

    /** A bounded label value: cut, and {@link #OTHER} once the label has seen {@link #MAX_VALUES} values. */
    private String label(String label, String value) {
        String v = value == null || value.isBlank() ? UNKNOWN : value.strip();
        if (v.length() > MAX_VALUE_LENGTH) {
            int end = Character.isHighSurrogate(v.charAt(MAX_VALUE_LENGTH - 1)) ? MAX_VALUE_LENGTH - 1 : MAX_VALUE_LENGTH;
            v = v.substring(0, end);
        }
        Set<String> values = seen.computeIfAbsent(label, k -> ConcurrentHashMap.newKeySet());
        if (values.contains(v)) {
            return v;
        }
        synchronized (values) {
            if (values.size() >= MAX_VALUES) {
                return OTHER;
            }
            values.add(v);
            return v;
        }
    }
}
