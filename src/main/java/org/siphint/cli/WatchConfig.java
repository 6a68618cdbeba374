package org.siphint.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The daemon's YAML configuration:
 * <pre>
 * logs:
 *   - path: /var/log/asterisk/full
 *     role: pbx            # softphone or pbx (default: the format's usual role)
 *     dialect: asterisk    # default: detected from the first lines
 * rules: /etc/siphint/rules   # your .drl files and catalog.yaml, laid over the shipped rules
 * disableRules:                # rule names to leave out
 *   - "sip-401/407: challenge never answered"
 * notifier: desktop           # desktop (default), console or none
 * popupWindow: 10m            # one pop-up per situation and account in this window
 * json: /var/log/siphint/findings.jsonl   # also append every finding here
 * reportDir: /home/alice/.cache/siphint/reports   # HTML report per finding; "none" for none
 * state: /var/lib/siphint     # resume points and findings shown (default: the user's state folder)
 * browser: /usr/bin/firefox   # opens reports, the history and the setup check (default: the desktop's viewer)
 * tray: true                  # the notification-area icon on a desktop (default: true)
 * hep:                        # receive SIP over HEP v3 (Kamailio siptrace, Asterisk res_hep, FreeSWITCH)
 *   listen: [udp://127.0.0.1:9060, tcp://127.0.0.1:9060]   # no host: loopback
 *   authKey: s3cret           # optional: packets without this key are dropped
 *   forward: udp://homer.example.com:9060   # send the logs' SIP messages to Homer as HEP v3
 *   forwardId: 2002           # the capture agent id they carry (default 1)
 *   forwardKey: s3cret        # optional: the collector's authentication key
 * metrics:                    # Prometheus metrics at http://LISTEN/metrics
 *   listen: "127.0.0.1:9464"  # HOST:PORT; ":9464" is loopback; another address only when named
 * syslog:                     # every finding as an RFC 5424 message
 *   target: "udp://127.0.0.1:514"   # or tcp://HOST:PORT (octet counting)
 *   facility: local0          # default: daemon
 * kafka:                      # the fleet: agent, central, and a desktop's findings (org.siphint.fleet.KafkaSettings)
 *   bootstrap: kafka1.example.com:9092
 *   accounts: [bob@example.com]
 * </pre>
 *
 * @see org.siphint.fleet.KafkaSettings
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class WatchConfig {

    /** One watched file. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static final class Log {
        @JsonProperty(required = true)
        public String path;
        public String role;
        public String dialect;
    }

    /** The HEP receiver. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static final class Hep {
        public List<String> listen = new ArrayList<>();
        public String authKey;
        /** Send the logs' SIP messages to this HEP collector (Homer): udp://HOST:PORT or tcp://HOST:PORT. */
        public String forward;
        public Long forwardId;
        public String forwardKey;
    }

    /** The Prometheus endpoint. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static final class Metrics {
        @JsonProperty(required = true)
        public String listen;
    }

    /** Findings to a syslog server. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static final class Syslog {
        @JsonProperty(required = true)
        public String target;
        public String facility;
    }

    public List<Log> logs = new ArrayList<>();
    public Hep hep;
    public Metrics metrics;
    public Syslog syslog;
    public org.siphint.fleet.KafkaSettings kafka;
    public String rules;
    public List<String> disableRules = new ArrayList<>();
    public String notifier;
    public String popupWindow;
    public String json;
    public String reportDir;
    public String state;
    public String browser;
    public Boolean tray;

    public static WatchConfig load(Path file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            WatchConfig config = yaml.readValue(Files.readString(file), WatchConfig.class);
            return config == null ? new WatchConfig() : config;
        } catch (JsonProcessingException e) {
            // a syntax error or a wrong field: file:line: message, on one line
            String where = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
            String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
                    : e.getOriginalMessage().lines().findFirst().orElse("").strip();
            if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                // SnakeYAML's first line is the context ("while scanning..."); the problem is what helps
                where = ":" + (marked.getProblemMark().getLine() + 1);
                message = marked.getProblem();
            }
            throw new IOException(file + where + ": " + message, e);
        }
    }

    /** Parses {@code 90s}, {@code 10m}, {@code 1h} or an ISO-8601 duration. */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("p")) {
            return Duration.parse(text.trim());
        }
        long n = Long.parseLong(t.replaceAll("[^0-9]", ""));
        if (t.endsWith("ms")) {
            return Duration.ofMillis(n);
        }
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 90s, 10m, 1h, 1d)");
        };
    }
}
