package org.siphint.bench;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.TestTools;
import org.siphint.hep.HepCodec;
import org.siphint.hep.HepPacket;

/**
 * HEP into the real daemon: {@code watch --hep udp://127.0.0.1:PORT} (the installers' JVM options,
 * rules on), fed calls a proxy mirrors (each call: INVITE in and out, 200 back and on, ACK, BYE and
 * its 200 on both legs: 10 messages).
 *
 * <ol>
 * <li>Throughput: {@link #RATE} SIP messages/s for {@link #SECONDS} s; what the daemon counted as
 * reaching the rules (its metrics endpoint) against what was sent, and its heap after a full GC ({@code jcmd}).</li>
 * <li>Latency: 1,000 messages/s of such calls with a refused call (488) every second; from sending
 * the far end's 488 to the {@code sip-488} finding on the daemon's output.</li>
 * </ol>
 *
 * <pre>
 * mvn -B -q package -DskipTests &amp;&amp; mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.siphint.bench.HepBenchmark
 * </pre>
 */
public final class HepBenchmark {

    static final int RATE = 20_000;
    static final int SECONDS = 10;
    static final int LATENCY_ROUNDS = 30;
    private static final Path JAR = Path.of("target/siphint.jar");

    private HepBenchmark() {
    }

    /** One {@code watch --hep} process, its output read as it comes. */
    private static final class Daemon implements AutoCloseable {
        final int port;
        final int metricsPort;
        final Process process;
        /** When each refused call's finding appeared on the daemon's output. */
        final Map<String, Long> findingAt = new ConcurrentHashMap<>();
        private final java.util.concurrent.CountDownLatch watching = new java.util.concurrent.CountDownLatch(1);

        Daemon(List<String> options) throws Exception {
            port = TestTools.freeUdpPort();
            try (java.net.ServerSocket web = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                metricsPort = web.getLocalPort();
            }
            // the metrics endpoint says how many HEP messages reached the rules while the daemon runs
            Path config = Files.createTempFile("siphint-hep-bench", ".yaml");
            config.toFile().deleteOnExit();
            Files.writeString(config, "metrics:\n  listen: \"127.0.0.1:" + metricsPort + "\"\n");
            List<String> command = new ArrayList<>(List.of("java"));
            command.addAll(options);
            command.addAll(List.of("-jar", JAR.toString(), "watch", "--config", config.toString(), "--notifier", "none",
                    "--no-state", "--report-dir", "none", "--hep", "udp://127.0.0.1:" + port));
            process = new ProcessBuilder(command).start();
            new Thread(() -> Benchmark.readLines(process.getErrorStream(), line -> {
                if (line.contains("watching")) {
                    watching.countDown();
                }
            })).start();
            Pattern callId = Pattern.compile("^\\s+call (refused-\\d+)"); // the console's finding: its call line
            new Thread(() -> Benchmark.readLines(process.getInputStream(), line -> {
                Matcher m = callId.matcher(line);
                if (m.find()) {
                    findingAt.putIfAbsent(m.group(1), System.nanoTime());
                }
            })).start();
            watching.await(60, TimeUnit.SECONDS);
        }

        /** A sample of the daemon's metrics, or -1. */
        long metric(String name) {
            try {
                java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                                .timeout(java.time.Duration.ofSeconds(10)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                for (String line : r.body().split("\n")) {
                    if (line.startsWith(name + " ")) {
                        return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
                    }
                }
                return 0;
            } catch (Exception e) {
                return -1;
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        // the installed daemon's JVM options, or those given (-Dbench.jvm="-Xmx512m -XX:+UseParallelGC": a PBX's host)
        String given = System.getProperty("bench.jvm");
        List<String> options = given == null ? Benchmark.launcherOptions() : List.of(given.trim().split("\\s+"));
        System.out.println("watch --hep udp://127.0.0.1:PORT with " + String.join(" ", options));
        InetAddress to = InetAddress.getLoopbackAddress();
        int call = 0;
        try (Daemon daemon = new Daemon(options); DatagramSocket socket = new DatagramSocket(0, to)) {
            // 1. throughput
            long sent = 0;
            long begin = System.nanoTime();
            int perMillisecond = RATE / 1000;
            for (long ms = 0; ms < SECONDS * 1000L; ms++) {
                for (int i = 0; i < perMillisecond; i += 10) {
                    for (byte[] p : okCall(call++)) {
                        socket.send(new DatagramPacket(p, p.length, to, daemon.port));
                        sent++;
                    }
                }
                long due = begin + (ms + 1) * 1_000_000L;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
            double took = (System.nanoTime() - begin) / 1e9;
            System.out.printf("throughput: %d SIP messages sent in %.2f s (%.0f/s)%n", sent, took, sent / took);
            String read = "siphint_events_read_total{dialect=\"hep\"}";
            System.out.printf("  reached the rules while sending: %d%n", daemon.metric(read));
            // the daemon works off what waits in its queues and its socket; the heap is read once it is quiet
            long heap = Benchmark.heapAfterGc(daemon.process.pid());
            double quiet = (System.nanoTime() - begin) / 1e9;
            long received = daemon.metric(read);
            System.out.printf("  reached the rules in all: %d of %d (%d lost, %.3f %%), done %.1f s after the first"
                    + " (%.0f messages/s through the rules)%n", received, sent, sent - received,
                    100.0 * (sent - received) / sent, quiet, received / quiet);
            System.out.printf("  heap after a full GC: %d MB%n", heap >> 20);
        }
        try (Daemon daemon = new Daemon(options); DatagramSocket socket = new DatagramSocket(0, to)) {
            // 2. latency
            Map<String, Long> sentAt = new HashMap<>();
            for (int round = 0; round < LATENCY_ROUNDS; round++) {
                long roundStart = System.nanoTime();
                for (int ms = 0; ms < 1000; ms += 10) { // 1,000 messages/s around the refused call
                    for (byte[] p : okCall(call++)) {
                        socket.send(new DatagramPacket(p, p.length, to, daemon.port));
                    }
                    if (ms == 500) {
                        List<byte[]> refused = refusedCall(round);
                        for (int i = 0; i < refused.size(); i++) {
                            if (i == 2) {
                                sentAt.put("refused-" + round, System.nanoTime()); // the far end's 488 reaches the proxy
                            }
                            socket.send(new DatagramPacket(refused.get(i), refused.get(i).length, to, daemon.port));
                        }
                    }
                    long due = roundStart + (ms + 10) * 1_000_000L;
                    while (System.nanoTime() < due) {
                        Thread.sleep(0, 200_000);
                    }
                }
            }
            Thread.sleep(2000);
            List<Double> l = new ArrayList<>();
            sentAt.forEach((id, at) -> {
                Long seen = daemon.findingAt.get(id);
                if (seen != null) {
                    l.add((seen - at) / 1e6);
                }
            });
            Collections.sort(l);
            if (l.isEmpty()) {
                System.out.println("latency: no finding seen");
            } else {
                System.out.printf("pop-up latency (488 sent to finding, 1,000 messages/s, %d of %d calls): p50 %.0f ms, "
                                + "p99 %.0f ms, max %.0f ms%n", l.size(), LATENCY_ROUNDS, Benchmark.percentile(l, 50), Benchmark.percentile(l, 99),
                        l.get(l.size() - 1));
            }
        }
    }

    /** A call through a proxy at 10.0.0.1:5060 from a phone at 10.0.1.X to a far end at 10.0.2.1: 10 messages. */
    public static List<byte[]> okCall(int n) {
        String id = "ok-" + n;
        String phone = "10.0.1." + (1 + n % 200);
        String inv = request("INVITE", id, phone, "z9hG4bK-a" + n, 1, false);
        String invOut = via(inv, "z9hG4bK-b" + n);
        String ack = request("ACK", id, phone, "z9hG4bK-c" + n, 1, true);
        String bye = request("BYE", id, phone, "z9hG4bK-d" + n, 2, true);
        String byeOut = via(bye, "z9hG4bK-f" + n);
        return List.of(hep(inv, phone, "10.0.0.1"), hep(invOut, "10.0.0.1", "10.0.2.1"),
                hep(response(invOut, "200 OK"), "10.0.2.1", "10.0.0.1"), hep(response(inv, "200 OK"), "10.0.0.1", phone),
                hep(ack, phone, "10.0.0.1"), hep(via(ack, "z9hG4bK-e" + n), "10.0.0.1", "10.0.2.1"),
                hep(bye, phone, "10.0.0.1"), hep(byeOut, "10.0.0.1", "10.0.2.1"),
                hep(response(byeOut, "200 OK"), "10.0.2.1", "10.0.0.1"), hep(response(bye, "200 OK"), "10.0.0.1", phone));
    }

    /** A call the far end refuses with 488: INVITE in and out, 488 back and on, ACK on both legs (RFC 3261 17.1.1.3). */
    public static List<byte[]> refusedCall(int n) {
        String id = "refused-" + n;
        String phone = "10.0.1.250";
        String inv = request("INVITE", id, phone, "z9hG4bK-r" + n, 1, false);
        String invOut = via(inv, "z9hG4bK-s" + n);
        String ack = request("ACK", id, phone, "z9hG4bK-r" + n, 1, true);
        String ackOut = request("ACK", id, "10.0.0.1", "z9hG4bK-s" + n, 1, true);
        return List.of(hep(inv, phone, "10.0.0.1"), hep(invOut, "10.0.0.1", "10.0.2.1"),
                hep(response(invOut, "488 Not Acceptable Here"), "10.0.2.1", "10.0.0.1"),
                hep(ackOut, "10.0.0.1", "10.0.2.1"),
                hep(response(inv, "488 Not Acceptable Here"), "10.0.0.1", phone), hep(ack, phone, "10.0.0.1"));
    }

    private static String request(String method, String id, String from, String branch, int cseq, boolean inDialog) {
        return method + " sip:100@10.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP " + from + ":5060;branch=" + branch + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:alice@10.0.0.1>;tag=f" + id + "\r\nTo: <sip:100@10.0.0.1>"
                + (inDialog ? ";tag=t" + id : "") + "\r\nCall-ID: " + id + "\r\nCSeq: " + cseq + " "
                + method + "\r\nContact: <sip:alice@" + from + ":5060>\r\nContent-Length: 0\r\n\r\n";
    }

    /** The request as the proxy sends it on: its own Via on top. */
    private static String via(String request, String branch) {
        return request.replaceFirst("\r\nVia: ", "\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=" + branch + "\r\nVia: ");
    }

    /** The response to a request: its Vias, From, Call-ID and CSeq, a To tag. */
    private static String response(String request, String status) {
        StringBuilder r = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
        for (String line : request.split("\r\n")) {
            if (line.startsWith("Via: ") || line.startsWith("From: ") || line.startsWith("Call-ID: ") || line.startsWith("CSeq: ")) {
                r.append(line).append("\r\n");
            } else if (line.startsWith("To: ")) {
                r.append(line.contains(";tag=") ? line : line + ";tag=t" + line.hashCode()).append("\r\n");
            }
        }
        return r.append("Content-Length: 0\r\n\r\n").toString();
    }

    private static byte[] hep(String sip, String src, String dst) {
        long now = System.currentTimeMillis();
        return HepCodec.encode(new HepPacket(2, 17, src, dst, 5060, 5060, now / 1000, now % 1000 * 1000,
                HepPacket.TYPE_SIP, 3001, null, sip.getBytes(StandardCharsets.UTF_8), null, null));
    }
}
