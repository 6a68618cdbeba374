package org.siphint.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void countersAndTheLagGaugeAppearInTheTextFormat() {
        Metrics m = Metrics.create();
        m.finding("sip-488", "error");
        m.finding("sip-488", "error");
        m.finding("sip-401", "warning");
        m.eventsRead("asterisk", 51);
        m.factsIn("transaction", 7);
        m.factsOut("call", 3);
        m.dropped("too-old", 2);
        m.dropped("queue-full", 0); // nothing dropped: no series yet
        AtomicLong lag = new AtomicLong(42);
        m.lag("events-3", lag::get);
        String text = m.scrape();
        assertTrue(text.contains("# TYPE siphint_findings_total counter"), text);
        assertTrue(text.contains("siphint_findings_total{severity=\"error\",situation=\"sip-488\"} 2.0"), text);
        assertTrue(text.contains("siphint_findings_total{severity=\"warning\",situation=\"sip-401\"} 1.0"), text);
        assertTrue(text.contains("siphint_events_read_total{dialect=\"asterisk\"} 51.0"), text);
        assertTrue(text.contains("siphint_facts_in_total{kind=\"transaction\"} 7.0"), text);
        assertTrue(text.contains("siphint_facts_out_total{kind=\"call\"} 3.0"), text);
        assertTrue(text.contains("siphint_dropped_total{reason=\"too-old\"} 2.0"), text);
        assertFalse(text.contains("reason=\"queue-full\""), text);
        assertTrue(text.contains("# TYPE siphint_consumer_lag gauge"), text);
        assertTrue(text.contains("siphint_consumer_lag{partition=\"events-3\"} 42.0"), text);
        lag.set(7);
        assertTrue(m.scrape().contains("siphint_consumer_lag{partition=\"events-3\"} 7.0"), "asked at each scrape");
        m.removeLag("events-3");
        assertFalse(m.scrape().contains("partition=\"events-3\""));
    }

    @Test
    void twoInstancesDoNotShareCounts() {
        Metrics a = Metrics.create();
        Metrics b = Metrics.create();
        a.finding("sip-404", "warning");
        assertFalse(b.scrape().contains("sip-404"));
    }

    @Test
    void labelValuesAreBoundedInNumberAndLength() {
        Metrics m = Metrics.create();
        for (int i = 0; i < Metrics.MAX_VALUES + 50; i++) {
            m.finding("situation-" + i, "error");
        }
        m.finding("x".repeat(500), "error");
        m.finding(null, " ");
        String text = m.scrape();
        assertEquals(Metrics.MAX_VALUES, text.lines().filter(l -> l.startsWith("siphint_findings_total{")
                && !l.contains("situation=\"other\"")).count(), "the first values keep their own series");
        assertTrue(text.contains("siphint_findings_total{severity=\"error\",situation=\"other\"} 51.0"), text);
        assertTrue(text.contains("situation=\"other\"") && !text.contains("x".repeat(Metrics.MAX_VALUE_LENGTH + 1)), text);
        Metrics n = Metrics.create();
        n.finding(null, " ");
        n.eventsRead("\ud83d\udcde".repeat(40), 1); // cut between two characters, never inside one
        assertTrue(n.scrape().contains("siphint_findings_total{severity=\"unknown\",situation=\"unknown\"} 1.0"), n.scrape());
        assertTrue(n.scrape().contains("dialect=\"" + "\ud83d\udcde".repeat(Metrics.MAX_VALUE_LENGTH / 2) + "\""), n.scrape());
    }

    @Test
    void aFailingLagSupplierLeavesOnlyItsPartitionOut() {
        Metrics m = Metrics.create();
        m.lag("p0", () -> {
            throw new IllegalStateException("consumer closed");
        });
        m.lag("p1", () -> 5);
        String text = m.scrape();
        assertTrue(text.contains("siphint_consumer_lag{partition=\"p1\"} 5.0"), text);
        assertFalse(text.contains("p0"), text);
    }

    @Test
    void theServerAnswersScrapesOnLoopback() throws Exception {
        Metrics m = Metrics.create();
        m.finding("sip-488", "error");
        try (MetricsServer server = m.start(MetricsListen.parse(":0"))) {
            assertEquals(InetAddress.getLoopbackAddress(), server.address().getAddress());
            assertTrue(server.port() > 0);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url()))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
            assertTrue(r.body().contains("siphint_findings_total{severity=\"error\",situation=\"sip-488\"} 1.0"), r.body());
            // what Prometheus asks for first when native histograms are on
            HttpResponse<byte[]> proto = http.send(HttpRequest.newBuilder(URI.create(server.url()))
                    .header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited")
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, proto.statusCode());
        }
    }

    @Test
    void listenAddressesDefaultToLoopbackAndNameOthersOnlyExplicitly() {
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9464), MetricsListen.parse(":9464"));
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9464), MetricsListen.parse("9464"));
        assertEquals("127.0.0.1", MetricsListen.parse("127.0.0.1:9464").getAddress().getHostAddress());
        assertEquals("0.0.0.0", MetricsListen.parse("0.0.0.0:9464").getAddress().getHostAddress());
        assertEquals("0:0:0:0:0:0:0:1", MetricsListen.parse("[::1]:9464").getAddress().getHostAddress());
        for (String bad : new String[] {"", "127.0.0.1", "127.0.0.1:x", "::1:9464", "[::1]9464", "127.0.0.1:70000"}) {
            assertThrows(IllegalArgumentException.class, () -> MetricsListen.parse(bad), bad);
        }
    }
}
