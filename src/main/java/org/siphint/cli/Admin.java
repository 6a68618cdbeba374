package org.siphint.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.siphint.finding.FindingSink;
import org.siphint.metrics.Metrics;
import org.siphint.metrics.MetricsListen;
import org.siphint.metrics.MetricsServer;
import org.siphint.metrics.MetricsSink;
import org.siphint.syslog.Facility;
import org.siphint.syslog.SyslogSink;
import org.siphint.net.NetTarget;

/**
 * The admin-facing outputs of {@code watch} the configuration asks for: Prometheus metrics
 * ({@code metrics:}) and findings to syslog ({@code syslog:}). Both are read and checked before
 * anything starts, so a wrong address stops the daemon at start with the key it concerns.
 */
final class Admin {

    private final Metrics metrics;
    private final InetSocketAddress metricsAt;
    private final NetTarget syslogTarget;
    private final Facility facility;
    private SyslogSink syslog;

    private Admin(Metrics metrics, InetSocketAddress metricsAt, NetTarget syslogTarget, Facility facility) {
        this.metrics = metrics;
        this.metricsAt = metricsAt;
        this.syslogTarget = syslogTarget;
        this.facility = facility;
    }

    /** Reads the config's {@code metrics:} and {@code syslog:}; throws with the key's name when one is wrong. */
    static Admin of(WatchConfig cfg) {
        InetSocketAddress at = null;
        if (cfg.metrics != null) {
            try {
                at = MetricsListen.parse(cfg.metrics.listen);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("metrics.listen: " + e.getMessage(), e);
            }
        }
        NetTarget target = null;
        Facility facility = Facility.DAEMON;
        if (cfg.syslog != null) {
            try {
                target = NetTarget.parse(cfg.syslog.target, SyslogSink.DEFAULT_PORT);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("syslog.target: " + e.getMessage(), e);
            }
            if (cfg.syslog.facility != null) {
                try {
                    facility = Facility.parse(cfg.syslog.facility);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("syslog.facility: " + e.getMessage(), e);
                }
            }
        }
        return new Admin(at == null && target == null ? null : Metrics.create(), at, target, facility);
    }

    /** The daemon's metrics, or null when neither metrics nor syslog is configured. */
    Metrics metrics() {
        return metrics;
    }

    /** The sinks to add: one that counts findings (with metrics), one that sends them to syslog. */
    List<FindingSink> sinks(ZoneId zone) {
        List<FindingSink> sinks = new ArrayList<>(2);
        if (metricsAt != null) {
            sinks.add(new MetricsSink(metrics));
        }
        if (syslogTarget != null) {
            syslog = SyslogSink.open(syslogTarget, facility, zone, metrics);
            sinks.add(syslog);
        }
        return sinks;
    }

    /** The syslog sink made by {@link #sinks}, or null. */
    SyslogSink syslog() {
        return syslog;
    }

    /** Starts the metrics endpoint; null when none is configured. The exception's message names the address. */
    MetricsServer serveMetrics() throws IOException {
        if (metricsAt == null) {
            return null;
        }
        try {
            return metrics.start(metricsAt);
        } catch (IOException e) {
            // the port is taken, or the address is not this machine's
            throw new IOException("metrics: cannot listen at " + metricsAt.getHostString() + ":" + metricsAt.getPort()
                    + ": " + e.getMessage(), e);
        }
    }
}
