package org.siphint.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Debian's real Prometheus scrapes the packaged {@code watch} following sample logs, and its HTTP
 * API must show the findings by situation that {@code replay} of the same logs reports.
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PrometheusIT {

    private static final Path JAR = Path.of(System.getProperty("siphint.jar", "target/siphint.jar"));
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final List<String> SAMPLES = List.of("asterisk/call-not-acceptable.log", "asterisk/call-not-found.log",
            "pjsip/call-not-acceptable.log", "asterisk/register-wrong-password.log");
    private static final Pattern METRICS_URL = Pattern.compile("metrics at (http://127\\.0\\.0\\.1:(\\d+)/metrics)");

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private Process start(String name, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
        started.add(p);
        return p;
    }

    @Test
    void prometheusSeesTheFindingsByTheirSituation() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS),
                "prometheus is not installed (Debian package prometheus, see .ci/run)");
        List<String> logs = new ArrayList<>();
        for (String sample : SAMPLES) {
            Path copy = dir.resolve(sample.replace('/', '-'));
            Files.copy(Path.of("sample-logs", sample), copy);
            logs.add(copy.toString());
        }
        Map<String, Integer> expected = replayed(logs);
        assertEquals(Map.of("sip-401", 1, "sip-404", 1, "sip-488", 2), expected, "what the samples hold");

        Path config = dir.resolve("siphint.yaml");
        Files.writeString(config, "notifier: none\ntray: false\nreportDir: none\nmetrics:\n  listen: \"127.0.0.1:0\"\n");
        List<String> watch = new ArrayList<>(List.of("java", "-Xmx256m", "-jar", JAR.toString(), "watch", "--config",
                config.toString(), "--no-state", "--from-start"));
        watch.addAll(logs);
        Process daemon = start("watch", watch);
        int metricsPort = Integer.parseInt(awaitLine(dir.resolve("watch.err"), METRICS_URL, daemon).group(2));

        int prometheusPort = freePort();
        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "scrape_configs:\n  - job_name: siphint\n    static_configs:\n      - targets: [\"127.0.0.1:" + metricsPort + "\"]\n");
        Process prometheus = start("prometheus", List.of(PROMETHEUS.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + prometheusPort, "--log.level=warn"));
        String api = "http://127.0.0.1:" + prometheusPort;
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(120);
        Map<String, Integer> seen = Map.of();
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                fail("prometheus exited: " + Files.readString(dir.resolve("prometheus.err")));
            }
            if (!daemon.isAlive()) {
                fail("watch exited: " + Files.readString(dir.resolve("watch.err")));
            }
            seen = findingsBySituation(api);
            if (seen.equals(expected)) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals(expected, seen, "siphint_findings_total in Prometheus; watch said: "
                + Files.readString(dir.resolve("watch.err")));
        System.out.printf("Prometheus showed the findings %.1f s after it started%n", (System.nanoTime() - started) / 1e9);

        JsonNode up = query(api, "up{job=\"siphint\"}");
        assertEquals("1", up.get(0).get("value").get(1).asText(), "the scrape is healthy: " + up);
        Map<String, Integer> events = new TreeMap<>();
        for (JsonNode r : query(api, "sum by (dialect) (siphint_events_read_total)")) {
            events.put(r.get("metric").get("dialect").asText(), (int) Double.parseDouble(r.get("value").get(1).asText()));
        }
        assertEquals(List.of("asterisk", "pjsip"), List.copyOf(events.keySet()), "events by dialect: " + events);
        assertTrue(events.values().stream().allMatch(n -> n > 0), events.toString());
    }

    /** The findings {@code replay} reports for the logs, counted by situation. */
    private Map<String, Integer> replayed(List<String> logs) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString(), "replay"));
        command.addAll(logs);
        Process replay = start("replay", command);
        assertTrue(replay.waitFor(120, TimeUnit.SECONDS), "replay did not end within 120 s");
        assertEquals(0, replay.exitValue(), Files.readString(dir.resolve("replay.err")));
        Map<String, Integer> counts = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve("replay.out"))) {
            if (!line.isBlank()) {
                counts.merge(json.readTree(line).get("situation").asText(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** {@code siphint_findings_total} summed by situation, as Prometheus's query API answers; empty until it can answer. */
    private Map<String, Integer> findingsBySituation(String api) throws InterruptedException {
        Map<String, Integer> counts = new TreeMap<>();
        try {
            for (JsonNode r : query(api, "siphint_findings_total")) {
                counts.merge(r.get("metric").get("situation").asText(),
                        (int) Double.parseDouble(r.get("value").get(1).asText()), Integer::sum);
            }
        } catch (IOException e) {
            // not listening yet
        }
        return counts;
    }

    private JsonNode query(String api, String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
        }
        JsonNode body = json.readTree(r.body());
        assertEquals("success", body.get("status").asText(), r.body());
        return body.get("data").get("result");
    }

    private static Matcher awaitLine(Path file, Pattern pattern, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(file) ? Files.readString(file) : "";
            Matcher m = pattern.matcher(text);
            if (m.find()) {
                return m;
            }
            if (!p.isAlive()) {
                fail("exited with " + p.exitValue() + ": " + text);
            }
            Thread.sleep(50);
        }
        fail("no line matching " + pattern + " within 60 s in " + file);
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
