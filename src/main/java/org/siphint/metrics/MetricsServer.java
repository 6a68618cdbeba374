package org.siphint.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The HTTP endpoint Prometheus scrapes: {@code /metrics} in the Prometheus text format (and the
 * client library's {@code /-/healthy}). Served by the JDK's own HTTP server on two daemon threads,
 * so a scrape never runs on the pipeline's thread and the server never keeps the JVM alive.
 */
public final class MetricsServer implements AutoCloseable {

    private final HTTPServer server;
    private final InetSocketAddress address;

    private MetricsServer(HTTPServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    static MetricsServer start(PrometheusRegistry registry, InetSocketAddress address) throws IOException {
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "siphint-metrics-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        try {
            HTTPServer server = HTTPServer.builder()
                    .inetAddress(address.getAddress())
                    .port(address.getPort())
                    .registry(registry)
                    .executorService(threads)
                    .buildAndStart();
            return new MetricsServer(server, new InetSocketAddress(address.getAddress(), server.getPort()));
        } catch (IOException | RuntimeException e) {
            threads.shutdownNow();
            throw e;
        }
    }

    /** The address it listens on, with the port chosen when port 0 was asked for. */
    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    /** The scrape URL, e.g. {@code http://127.0.0.1:9464/metrics}. */
    public String url() {
        String host = address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/metrics";
    }

    /** Stops listening at once (a scrape in progress is cut) and ends the server's threads. */
    @Override
    public void close() {
        server.close();
    }
}
