package org.siphint.syslog;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real rsyslogd in the foreground with a configuration of its own in a folder of its own:
 * imudp and imtcp on loopback, every message written to {@code received.log} as its RFC 5424
 * fields, tab-separated (rsyslog's own reading of PRI, severity, facility, then the header fields,
 * the structured data and the message).
 */
final class Rsyslogd implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/rsyslogd");

    final Path dir;
    final int udpPort;
    final int tcpPort;
    private Process process;

    Rsyslogd(Path dir, int udpPort, int tcpPort) {
        this.dir = dir;
        this.udpPort = udpPort;
        this.tcpPort = tcpPort;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    Path received() {
        return dir.resolve("received.log");
    }

    Rsyslogd start() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String fields = "pri syslogseverity syslogfacility timereported hostname app-name procid msgid structured-data";
        StringBuilder template = new StringBuilder();
        for (String f : fields.split(" ")) {
            template.append("  property(name=\"").append(f).append('"')
                    .append(f.equals("timereported") ? " dateFormat=\"rfc3339\"" : "").append(") constant(value=\"\\t\")\n");
        }
        template.append("  property(name=\"msg\") constant(value=\"\\n\")\n");
        Files.writeString(dir.resolve("rsyslog.conf"), "global(workDirectory=\"" + dir + "\" maxMessageSize=\"64k\")\n"
                + "module(load=\"imudp\")\nmodule(load=\"imtcp\")\n"
                + "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + udpPort + "\")\n"
                + "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + tcpPort + "\")\n"
                + "template(name=\"fields\" type=\"list\") {\n" + template + "}\n"
                + "*.* action(type=\"omfile\" file=\"" + received() + "\" template=\"fields\")\n", StandardCharsets.UTF_8);
        process = new ProcessBuilder(BINARY.toString(), "-n", "-f", dir.resolve("rsyslog.conf").toString(),
                "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
        // ready when its TCP port accepts (UDP is bound before; a probe over UDP is checked by the tests' waits)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", tcpPort), 200);
                return this;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new IOException("rsyslogd did not start: " + Files.readString(dir.resolve("rsyslogd.out")), e);
                }
                Thread.sleep(50);
            }
        }
    }

    /** The lines received so far (a line still being written is left out). */
    List<String> lines() throws IOException {
        if (!Files.exists(received())) {
            return List.of();
        }
        String text = Files.readString(received(), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(text.lines().toList());
        if (!text.endsWith("\n") && !lines.isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** Waits (at most {@code seconds}) until at least {@code n} lines were received; returns them. */
    List<String> await(int n, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> lines = lines();
        while (lines.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
            lines = lines();
        }
        return lines;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
