package org.siphint.fleet;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how far this machine's clock is ahead of the broker's: a small record goes to the facts
 * topic, whose timestamps are the broker's ({@code LogAppendTime}); the broker's time is compared
 * with the midpoint of sending and acknowledgement (as NTP does with its four times). On a LAN the
 * error is the round trip's asymmetry, a few milliseconds; the best of a few probes is kept.
 *
 * <p>A topic that keeps the producer's time answers with the time sent: then the offset cannot be
 * measured, it stays 0, and a warning says which topic setting fixes it.
 */
public final class ClockProbe {

    private static final Logger LOG = LoggerFactory.getLogger(ClockProbe.class);

    private static final long MARK_MILLIS = 3_600_000L;

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final String host;
    private final Clock clock;
    private volatile long offsetMillis;
    private volatile boolean measured;
    private boolean warned;

    public ClockProbe(Producer<String, byte[]> producer, String topic, String host, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.host = host;
        this.clock = clock;
    }

    /** Milliseconds this machine's clock is ahead of the broker's (negative: behind); 0 until measured. */
    public long offsetMillis() {
        return offsetMillis;
    }

    public boolean measured() {
        return measured;
    }

    /** Probes {@code rounds} times and keeps the result of the shortest round trip; returns whether it measured. */
    public boolean probe(int rounds, long timeoutMillis) {
        long bestRtt = Long.MAX_VALUE;
        long bestOffset = 0;
        for (int i = 0; i < rounds; i++) {
            long sent = clock.millis();
            FactRecord r = new FactRecord(FactRecord.VERSION, host, -1, sent, offsetMillis, "clock", null, null, null);
            RecordMetadata meta;
            try {
                // stamped an hour back: a topic keeping the producer's time answers with exactly that, never the
                // broker's own clock, which on one machine can equal the time sent to the millisecond
                meta = producer.send(new ProducerRecord<>(topic, null, sent - MARK_MILLIS, "clock:" + host, r.toBytes()))
                        .get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                LOG.debug("clock probe failed: {}", e.toString());
                return false;
            }
            long acked = clock.millis();
            if (meta.timestamp() == sent - MARK_MILLIS) {
                if (!warned) {
                    warned = true;
                    LOG.warn("cannot measure this machine's clock against the broker: topic {} keeps the producer's "
                            + "time; set message.timestamp.type=LogAppendTime on it (siphint sets it on topics it creates)", topic);
                }
                return false;
            }
            long rtt = acked - sent;
            if (rtt < bestRtt) {
                bestRtt = rtt;
                bestOffset = sent + rtt / 2 - meta.timestamp();
            }
        }
        offsetMillis = bestOffset;
        if (!measured || Math.abs(bestOffset) > 1000) {
            LOG.info("clock offset to the broker: {} ms (round trip {} ms)", bestOffset, bestRtt);
        }
        measured = true;
        return true;
    }
}
