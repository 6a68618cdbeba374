package org.siphint.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.hep.HepCodec;
import org.siphint.hep.HepPacket;

/**
 * HEP into the real daemon: {@code watch --hep udp://127.0.0.1:PORT} (the installers' JVM options,
 * rules on), fed calls a proxy mirrors (each call: INVITE in and out, 200 back and on, ACK, BYE and
 * its 200 on both legs: 10 messages).
 *
 * <ol>
 * <li>Throughput: {@link #RATE} SIP messages/s for {@link #SECONDS} s; what the daemon counted as
 * received against what was sent, and its heap after a full GC ({@code jcmd}).</li>
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
    private static final Pattern COUNTERS = Pattern.compile("hep: (\\d+) packets, (\\d+) sip messages, (\\d+) malformed, "
            + "(\\d+) without the key, (\\d+) dropped");

    private HepBenchmark() {
    }

    /** One {@code watch --hep} process, its output read as it comes. */
    private static final class Daemon implements AutoCloseable {
        final int port;
        final Process process;
        final Map<String, Long> findingAt = new ConcurrentHashMap<>();
        final AtomicReference<String> counters = new AtomicReference<>();
        final List<String> errLines = Collections.synchronizedList(new ArrayList<>());
        private final java.util.concurrent.CountDownLatch watching = new java.util.concurrent.CountDownLatch(1);
        private final Thread err;

        final int metricsPort;

        Daemon(List<String> options) throws Exception {
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                 java.net.ServerSocket web = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
                metricsPort = web.getLocalPort();
            }
            // the metrics endpoint says how many HEP messages reached the rules while the daemon runs
            Path config = java.nio.file.Files.createTempFile("siphint-hep-bench", ".yaml");
            config.toFile().deleteOnExit();
            java.nio.file.Files.writeString(config, "metrics:\n  listen: \"127.0.0.1:" + metricsPort + "\"\n");
            List<String> command = new ArrayList<>(List.of("java"));
            command.addAll(options);
            command.addAll(List.of("-jar", JAR.toString(), "watch", "--config", config.toString(), "--notifier", "none",
                    "--no-state", "--report-dir", "none", "--hep", "udp://127.0.0.1:" + port));
            process = new ProcessBuilder(command).start();
            err = new Thread(() -> lines(process.getErrorStream(), line -> {
                errLines.add(line);
                if (line.contains("watching")) {
                    watching.countDown();
                }
                if (line.contains("siphint: HEP: ")) {
                    counters.set(line);
                }
            }));
            Pattern callId = Pattern.compile("^\\s+call (refused-\\d+)"); // the console's finding: its call line
            Thread out = new Thread(() -> lines(process.getInputStream(), line -> {
                Matcher m = callId.matcher(line);
                if (m.find()) {
                    findingAt.putIfAbsent(m.group(1), System.nanoTime());
                }
            }));
            err.start();
            out.start();
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

        /** SIGTERM, then what the daemon counted (null when it did not say). */
        String stop() throws Exception {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            err.join(10_000);
            return counters.get();
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                stop();
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
            Thread.sleep(10_000); // the daemon works off what it holds
            String heap = args.length > 0 && args[0].equals("--no-heap") ? "not measured" : heapAfterGc(daemon.process.pid());
            System.out.println("  heap after full GC: " + heap);
            long received = daemon.metric("siphint_events_read_total{dialect=\"hep\"}");
            System.out.printf("  SIP messages that reached the rules: %d of %d (%d lost, %.3f %%)%n", received, sent,
                    sent - received, 100.0 * (sent - received) / sent);
            String counted = daemon.stop();
            if (counted != null) {
                System.out.println("  the receiver counted: " + counted);
            }
        }
        try (Daemon daemon = new Daemon(options); DatagramSocket socket = new DatagramSocket(0, to)) {
            // 2. latency
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
            List<Double> l = latencies(daemon.findingAt);
            if (l.isEmpty()) {
                System.out.println("latency: no finding seen");
            } else {
                System.out.printf("pop-up latency (488 sent to finding, 1,000 messages/s, %d of %d calls): p50 %.0f ms, "
                                + "p99 %.0f ms, max %.0f ms%n", l.size(), LATENCY_ROUNDS, pct(l, 50), pct(l, 99),
                        l.get(l.size() - 1));
            }
        }
    }

    private static final Map<String, Long> sentAt = new ConcurrentHashMap<>();

    private static List<Double> latencies(Map<String, Long> findingAt) {
        List<Double> out = new ArrayList<>();
        if (findingAt == null) {
            return out;
        }
        for (Map.Entry<String, Long> e : sentAt.entrySet()) {
            Long seen = findingAt.get(e.getKey());
            if (seen != null && e.getValue() != 0) {
                out.add((seen - e.getValue()) / 1e6);
            }
        }
        Collections.sort(out);
        return out;
    }

    private static double pct(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String heapAfterGc(long pid) {
        try {
            run("jcmd", String.valueOf(pid), "GC.run");
            String info = run("jcmd", String.valueOf(pid), "GC.heap_info");
            Matcher used = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
            long total = 0;
            long inUse = 0;
            while (used.find()) {
                total += Long.parseLong(used.group(1));
                inUse += Long.parseLong(used.group(2));
            }
            return inUse / 1024 + " MB in use of " + total / 1024 + " MB";
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return text;
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

    private interface LineHandler {
        void line(String line);
    }

    private static void lines(java.io.InputStream in, LineHandler handler) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                handler.line(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
