package org.siphint.fleet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The {@code kafka:} section of the configuration, shared by {@code agent}, {@code central} and a
 * desktop's {@code watch}:
 * <pre>
 * kafka:
 *   bootstrap: kafka1.example.com:9092,kafka2.example.com:9092
 *   host: pbx1                 # this machine's id in the fleet (default: its host name)
 *   factsTopic: siphint.facts  # agents publish here, central workers read
 *   findingsTopic: siphint.findings
 *   group: siphint-central     # the central workers' consumer group
 *   instance: worker-1         # a central worker's own id in the group: restarted, it takes its partitions back at once
 *   partitions: 12             # when siphint creates the topics
 *   accounts: [bob@example.com]   # a desktop: whose findings pop up here (default: its logs' accounts)
 *   properties:                # passed to the Kafka clients as they are (TLS, SASL)
 *     security.protocol: SSL
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class KafkaSettings {

    public String bootstrap;
    public String host;
    public String factsTopic = "siphint.facts";
    public String findingsTopic = "siphint.findings";
    public String group = "siphint-central";
    /**
     * A central worker's stable id in its group (Kafka's static membership, {@code group.instance.id}):
     * a worker restarted after a crash rejoins as itself and gets its partitions back without waiting
     * for the session timeout (45 s) or moving every other worker's. Unique per worker; none by default.
     */
    public String instance;
    public int partitions = 12;
    public List<String> accounts = new ArrayList<>();
    public Map<String, String> properties = new LinkedHashMap<>();

    /** Checks what the section must say; the message names the field. */
    public KafkaSettings validated() {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("kafka: 'bootstrap' is required (host:port of one or more brokers)");
        }
        if (partitions < 1 || partitions > 10_000) {
            throw new IllegalArgumentException("kafka: 'partitions' must be between 1 and 10000");
        }
        if (host != null && !host.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("kafka: 'host' must be a name of letters, digits, '.', '_' and '-'");
        }
        if (instance != null && !instance.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("kafka: 'instance' must be a name of letters, digits, '.', '_' and '-'");
        }
        return this;
    }

    /** This machine's id in the fleet. */
    public String hostId() {
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            String name = InetAddress.getLocalHost().getHostName();
            int dot = name.indexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    /** Properties every client gets: the brokers, then the user's own, which win. */
    Properties common(String clientId) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("client.id", clientId);
        properties.forEach(p::put);
        return p;
    }
}
