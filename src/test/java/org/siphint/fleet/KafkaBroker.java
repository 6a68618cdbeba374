package org.siphint.fleet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Apache Kafka broker (KRaft: broker and controller in one), started in the
 * test's JVM from the Maven artifacts, on loopback ports chosen free. It can be stopped and started
 * again on the same data and ports, as a broker that goes away and comes back.
 */
final class KafkaBroker implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final long initialRebalanceDelayMs;
    private KafkaRaftServer server;

    private KafkaBroker(Path dir, int port, int controllerPort, long initialRebalanceDelayMs) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.initialRebalanceDelayMs = initialRebalanceDelayMs;
    }

    /** A broker whose groups assign partitions as soon as a member joins (tests start one worker at a time). */
    static KafkaBroker start(Path dir) throws IOException {
        return start(dir, 0);
    }

    /**
     * A broker whose new groups wait {@code initialRebalanceDelayMs} for more members before the first
     * assignment (Kafka's default is 3 s): workers started together then get a partition each at once,
     * instead of the first taking all and handing some over mid-run.
     */
    static KafkaBroker start(Path dir, long initialRebalanceDelayMs) throws IOException {
        KafkaBroker broker = new KafkaBroker(dir, freePort(), freePort(), initialRebalanceDelayMs);
        broker.format();
        broker.startAgain();
        return broker;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", String.valueOf(initialRebalanceDelayMs));
        p.put("num.partitions", "2");
        // a killed worker's partitions move within seconds, not the default 45
        p.put("group.consumer.min.session.timeout.ms", "2000");
        p.put("group.classic.min.session.timeout.ms", "2000");
        return p;
    }

    private void format() throws IOException {
        Path file = dir.resolve("server.properties");
        Files.createDirectories(dir);
        try (var out = Files.newBufferedWriter(file)) {
            properties().store(out, null);
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IOException("kafka-storage format failed: " + printed.toString(StandardCharsets.UTF_8));
        }
    }

    /** Starts the broker (again) on its data and ports. */
    void startAgain() {
        server = new KafkaRaftServer(new KafkaConfig(Map.copyOf(properties())), Time.SYSTEM);
        server.startup();
    }

    /** Stops the broker; its data stays for {@link #startAgain()}. */
    void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
