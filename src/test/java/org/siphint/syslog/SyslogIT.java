package org.siphint.syslog;

import org.siphint.TestTools;
import org.siphint.net.NetTarget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.finding.Finding;
import org.siphint.metrics.Metrics;
import org.siphint.report.ReportNames;

/**
 * Findings sent to Debian's real rsyslogd over UDP (RFC 5426) and TCP (RFC 6587 octet counting),
 * read back from what rsyslog wrote: its own decoding of PRI, severity and facility, and the RFC 5424
 * fields, which are put together again and read with the strict {@link Rfc5424} reader. Also: the
 * packaged {@code watch} with {@code syslog:} in its config, hostile text, and a server that is gone
 * or frozen, which must neither block the caller nor lose the sink.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SyslogIT {

    private static final Path JAR = Path.of(System.getProperty("siphint.jar", "target/siphint.jar"));

    @TempDir
    Path dir;

    private Rsyslogd rsyslog;
    private final List<Process> started = new ArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startRsyslog() throws Exception {
        Assumptions.assumeTrue(Rsyslogd.installed(), "rsyslogd is not installed (Debian package rsyslog, see .ci/run)");
        rsyslog = new Rsyslogd(dir.resolve("rsyslog"), TestTools.freeUdpPort(), freeTcpPort()).start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (rsyslog != null) {
            ProcessHandle.of(rsyslog.pid()).ifPresent(h -> signal("CONT", h.pid()));
            rsyslog.close();
        }
    }

    private SyslogSink sink(NetTarget.Transport transport, int port, Metrics metrics) {
        NetTarget target = new NetTarget(transport, "127.0.0.1", port);
        int max = transport == NetTarget.Transport.UDP ? SyslogSink.UDP_MAX_BYTES : SyslogSink.TCP_MAX_BYTES;
        SyslogSink sink = new SyslogSink(target, () -> new SyslogFormat(Facility.LOCAL0, "desk1.example.com", "777",
                ZoneOffset.UTC, max), metrics);
        toClose.add(sink);
        return sink;
    }

    /** One line of rsyslog's output: its reading of PRI, then the fields of the message as RFC 5424 text again. */
    private record Received(int pri, int severity, int facility, Rfc5424 message) {
        static Received of(String line) {
            String[] f = line.split("\t", 10);
            assertEquals(10, f.length, "ten tab-separated fields: " + line);
            String text = "<" + f[0] + ">1 " + f[3] + " " + f[4] + " " + f[5] + " " + f[6] + " " + f[7] + " " + f[8]
                    + (f[9].isEmpty() ? "" : " " + f[9]);
            return new Received(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), Rfc5424.parse(text));
        }
    }

    private static Finding finding(String severity, String situation, String account, String callId, String summary) {
        return SyslogFormatTest.finding(severity, situation, "cause-" + situation, account, callId, "Title of " + situation,
                summary);
    }

    @Test
    void udpAndTcpCarryPriorityMsgidStructuredDataAndMessage() throws Exception {
        List<Finding> sent = List.of(
                finding("error", "sip-488", "sip:1002@pbx.example.com", "call-1", "The offer held G729 only."),
                finding("warning", "sip-401", "sip:302@192.0.2.10", "call-2", "The password was refused."),
                finding("info", "sip-480", "sip:alice@example.com", null, "The callee was unavailable."));
        SyslogSink udp = sink(NetTarget.Transport.UDP, rsyslog.udpPort, null);
        sent.forEach(udp::accept);
        List<String> lines = rsyslog.await(3, 20);
        SyslogSink tcp = sink(NetTarget.Transport.TCP, rsyslog.tcpPort, null);
        sent.forEach(tcp::accept);
        lines = rsyslog.await(6, 20);
        assertEquals(6, lines.size(), String.join("\n", lines));
        int[] severities = {3, 4, 6};
        for (int i = 0; i < 6; i++) {
            Finding f = sent.get(i % 3);
            Received r = Received.of(lines.get(i));
            assertEquals(16 * 8 + severities[i % 3], r.pri(), lines.get(i));
            assertEquals(severities[i % 3], r.severity(), "rsyslog's syslogseverity: " + lines.get(i));
            assertEquals(16, r.facility(), "local0: " + lines.get(i));
            Rfc5424 m = r.message();
            assertEquals("2025-03-04T10:12:01.234Z", m.timestamp());
            assertEquals("desk1.example.com", m.hostname());
            assertEquals("siphint", m.appName());
            assertEquals("777", m.procId());
            assertEquals(f.situation(), m.msgId());
            assertEquals("siphint@32473", m.sdId());
            assertEquals(f.situation(), m.params().get("situation"));
            assertEquals(f.cause(), m.params().get("cause"));
            assertEquals(f.account(), m.params().get("account"));
            assertEquals(f.callId(), m.params().get("callId"));
            assertEquals(ReportNames.id(f), m.params().get("findingId"));
            assertEquals(f.title() + ": " + f.summary(), m.msg());
        }
        assertEquals(3, udp.sent());
        assertEquals(3, tcp.sent());
        assertEquals(0, udp.dropped() + tcp.dropped());
    }

    @Test
    void aHostileFindingArrivesEscapedAndOnOneLine() throws Exception {
        String account = "sip:evil\"] [forged@1 x=\"y\"]@x";
        String callId = "id\\]\n<11>1 2025-01-01T00:00:00Z forged siphint - sip-000 - injected line";
        String summary = "Gr\u00fc\u00dfe aus K\u00f6ln \ud83d\udcde\r\n<11>1 - forged - - - - second line\u202e\u0007 end";
        Finding hostile = finding("error", "sip-404", account, callId, summary);
        sink(NetTarget.Transport.UDP, rsyslog.udpPort, null).accept(hostile);
        sink(NetTarget.Transport.TCP, rsyslog.tcpPort, null).accept(hostile);
        Thread.sleep(500); // a split message would show up as more lines by now
        List<String> lines = rsyslog.await(2, 20);
        assertEquals(2, lines.size(), "one line per message: " + String.join("\n", lines));
        for (String line : lines) {
            Rfc5424 m = Received.of(line).message();
            assertEquals(account, m.params().get("account"), line);
            assertEquals("id\\] <11>1 2025-01-01T00:00:00Z forged siphint - sip-000 - injected line", m.params().get("callId"));
            assertTrue(line.contains("account=\"sip:evil\\\"\\] [forged@1 x=\\\"y\\\"\\]@x\""), line);
            assertTrue(m.bom(), "UTF-8 text is marked with the BOM: " + line);
            assertEquals("Title of sip-404: Gr\u00fc\u00dfe aus K\u00f6ln \ud83d\udcde <11>1 - forged - - - - second line end",
                    m.msg());
            assertFalse(line.contains("#0"), "nothing for rsyslog to escape as a control character: " + line);
        }
    }

    @Test
    void thePackagedWatchSendsItsFindingsToSyslog() throws Exception {
        Path log = dir.resolve("full");
        Files.copy(Path.of("sample-logs/asterisk/call-not-acceptable.log"), log);
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "notifier: none\ntray: false\nreportDir: none\nsyslog:\n  target: \"udp://127.0.0.1:"
                + rsyslog.udpPort + "\"\n  facility: local3\n");
        Process watch = new ProcessBuilder("java", "-Xmx256m", "-jar", JAR.toString(), "watch", "--config", config.toString(),
                "--no-state", "--from-start", log.toString())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        started.add(watch);
        List<String> lines = rsyslog.await(1, 60);
        assertEquals(1, lines.size(), "err: " + Files.readString(dir.resolve("err.txt")));
        Received r = Received.of(lines.get(0));
        assertEquals(19 * 8 + 3, r.pri(), "local3, err: " + lines.get(0));
        assertEquals("sip-488", r.message().msgId());
        assertEquals("siphint", r.message().appName());
        assertEquals(String.valueOf(watch.pid()), r.message().procId());
        assertEquals("f50947aaeb26c57d21fa5d", r.message().params().get("callId"));
        assertTrue(Files.readString(dir.resolve("err.txt")).contains("findings to syslog at udp://127.0.0.1:" + rsyslog.udpPort));
    }

    @Test
    void aServerThatGoesAwayCostsDropsNotTimeAndIsReconnected() throws Exception {
        Metrics metrics = Metrics.create();
        SyslogSink tcp = sink(NetTarget.Transport.TCP, rsyslog.tcpPort, metrics);
        tcp.accept(finding("error", "sip-488", "a", "before", "s"));
        assertEquals(1, rsyslog.await(1, 20).size());
        rsyslog.close();

        long start = System.nanoTime();
        for (int i = 0; i < 5000; i++) {
            tcp.accept(finding("error", "sip-488", "a", "down-" + i, "s"));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 2000, "5000 findings handed over in " + millis + " ms, never waiting for the server");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (tcp.dropped() < 5000 - SyslogSink.QUEUE && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(tcp.dropped() >= 5000 - SyslogSink.QUEUE, "the queue is bounded; the rest is dropped: " + tcp.dropped());
        assertTrue(metrics.scrape().contains("siphint_dropped_total{reason=\"syslog-queue-full\"}"), metrics.scrape());

        // the server comes back on the same port: the sink connects again (after its backoff) and delivers
        rsyslog = new Rsyslogd(dir.resolve("rsyslog-2"), rsyslog.udpPort, rsyslog.tcpPort).start();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int n = 0;
        while (rsyslog.lines().stream().noneMatch(l -> l.contains("callId=\"after-")) && System.nanoTime() < deadline) {
            tcp.accept(finding("error", "sip-488", "a", "after-" + n++, "s"));
            Thread.sleep(200);
        }
        assertTrue(rsyslog.lines().stream().anyMatch(l -> l.contains("callId=\"after-")),
                "nothing arrived after the server came back; sent " + tcp.sent() + ", dropped " + tcp.dropped());
    }

    @Test
    void aTargetNobodyListensOnAndAFrozenServerNeverHoldUpTheCaller() throws Exception {
        SyslogSink nobody = sink(NetTarget.Transport.TCP, freeTcpPort(), null);
        SyslogSink udpNobody = sink(NetTarget.Transport.UDP, TestTools.freeUdpPort(), null);
        SyslogSink frozen = sink(NetTarget.Transport.TCP, rsyslog.tcpPort, null);
        frozen.accept(finding("error", "sip-488", "a", "warm-up", "s"));
        assertEquals(1, rsyslog.await(1, 20).size());
        signal("STOP", rsyslog.pid()); // the server keeps the connection and reads nothing more
        String big = "x".repeat(4000); // fills the socket buffers sooner
        long start = System.nanoTime();
        for (int i = 0; i < 20_000; i++) {
            Finding f = finding("warning", "call-quality", "a", "c-" + i, big);
            nobody.accept(f);
            udpNobody.accept(f);
            frozen.accept(f);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 5000, "60,000 findings handed over in " + millis + " ms");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((nobody.dropped() < 20_000 - SyslogSink.QUEUE || frozen.dropped() == 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(nobody.dropped() >= 20_000 - SyslogSink.QUEUE, "dropped " + nobody.dropped());
        assertTrue(frozen.dropped() > 0, "a frozen server fills the queue: dropped " + frozen.dropped());
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (udpNobody.sent() + udpNobody.dropped() < 20_000 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        // UDP does not know that nobody listens: what the queue took is sent, the burst beyond it dropped
        assertEquals(20_000, udpNobody.sent() + udpNobody.dropped());
        assertTrue(udpNobody.sent() >= SyslogSink.QUEUE, "sent " + udpNobody.sent());
        for (SyslogSink s : List.of(nobody, frozen)) {
            long t = System.nanoTime();
            s.close();
            long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
            assertTrue(closeMillis < SyslogSink.CLOSE_DRAIN.toMillis() + 2000, "close took " + closeMillis + " ms");
        }
    }

    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            fail("cannot send SIG" + signal + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
