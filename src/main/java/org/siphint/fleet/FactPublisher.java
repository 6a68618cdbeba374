package org.siphint.fleet;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.siphint.event.EventJson;
import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.event.MediaReport;
import org.siphint.event.SipMessage;
import org.siphint.metrics.Metrics;
import org.siphint.pipeline.EventStage;
import org.siphint.transaction.Call;
import org.siphint.transaction.Registration;
import org.siphint.transaction.SipTransaction;
import org.siphint.transaction.TransactionLayer;
import org.siphint.transaction.UnitJson;
import org.siphint.transaction.UnitSink;
import org.siphint.util.BoundedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's stage: runs the transaction layer over this machine's logs, as the daemon does, and
 * publishes its units (transactions, calls, registrations) with the media reports and notices to the
 * facts topic, instead of running rules here. A call is published when answered and again when it is
 * acknowledged or hung up (the record names the unit, so a worker updates the fact in place), and
 * retracted when the layer lets it go. The first message of each Call-ID in a log is published as a
 * sighting, so a worker can tell "the phone's log never saw this call" from "not yet published".
 *
 * <p>Nothing is lost when the broker goes away: the producer retries without a deadline, a full
 * buffer blocks the reading (the lines wait in the log file), and a file's resume point is recorded
 * only once the broker acknowledged every record read before it.
 *
 * <p>One thread calls the stage; the producer's callbacks run on its I/O thread.
 */
public final class FactPublisher implements EventStage {

    private static final Logger LOG = LoggerFactory.getLogger(FactPublisher.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Call-IDs remembered per log for sightings and media reports; a desktop sees a few calls an hour. */
    static final int MAX_REMEMBERED_CALLS = 50_000;

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final String host;
    private final Clock clock;
    private final ClockProbe probe;
    private final TransactionLayer layer;
    private final Map<LogEvent, String> unitIds = new IdentityHashMap<>();
    private final Map<LogEvent, Set<String>> unitKeys = new IdentityHashMap<>();
    private final LinkedHashMap<String, Set<String>> callKeys = BoundedMap.droppingOldest(MAX_REMEMBERED_CALLS);
    private final LocalAccounts localAccounts = new LocalAccounts();
    private final AtomicLong seq = new AtomicLong();
    private long unitSeq;
    /** Records sent and not yet acknowledged, by sequence number, with how many keys each still waits for. */
    private final ConcurrentSkipListSet<Long> unacked = new ConcurrentSkipListSet<>();
    private final Map<Long, AtomicInteger> copiesLeft = new ConcurrentHashMap<>();
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile Metrics metrics;
    private volatile String lastError;

    private record Pending(long upTo, Runnable action) {
    }

    public FactPublisher(Producer<String, byte[]> producer, String topic, String host, Clock clock, ClockProbe probe) {
        this.producer = producer;
        this.topic = topic;
        this.host = host;
        this.clock = clock;
        this.probe = probe;
        this.layer = new TransactionLayer(new UnitSink() {
            @Override
            public void insert(LogEvent unit) {
                if (unit instanceof LogNotice n) {
                    publishNotice(n); // a notice the layer drew from two logs of this machine
                    return;
                }
                String id = host + "/" + (++unitSeq);
                Set<String> keys = keysOf(unit);
                if (unit instanceof Call || unit instanceof Registration) {
                    unitIds.put(unit, id); // only these are updated or retracted later
                    unitKeys.put(unit, keys);
                }
                rememberCall(unit.getFile(), unit.getCallId(), keys);
                publish("unit", "insert", id, UnitJson.write(unit), keys);
            }

            @Override
            public void update(LogEvent unit, String... changed) {
                String id = unitIds.get(unit);
                if (id != null) {
                    publish("unit", "update", id, UnitJson.write(unit), unitKeys.get(unit));
                }
            }

            @Override
            public void retract(LogEvent unit) {
                String id = unitIds.remove(unit);
                Set<String> keys = unitKeys.remove(unit);
                if (id != null) {
                    publish("unit", "retract", id, null, keys);
                }
            }
        });
    }

    @Override
    public void accept(LogEvent event) {
        if (event instanceof SipMessage m) {
            localAccounts.seen(m.getTimestamp()); // a call's sighting and its units are keyed alike
            if (m.getCallId() != null && !callKeys.containsKey(callKey(m.getFile(), m.getCallId()))) {
                Set<String> keys = asLegOf(m, PartitionKeys.of(m, localAccounts));
                rememberCall(m.getFile(), m.getCallId(), keys);
                ObjectNode body = F.objectNode();
                body.put("callId", m.getCallId());
                body.put("file", m.getFile());
                body.put("role", m.getRole() == null ? null : m.getRole().id());
                body.put("time", m.getTime().toString());
                body.put("at", m.getTimestamp());
                publish("sighting", null, null, body, keys);
            }
            layer.accept(m);
        } else if (event instanceof MediaReport r) {
            Set<String> keys = callKeys.get(callKey(r.getFile(), r.getCallId()));
            publish("media", null, null, EventJson.media(r),
                    keys != null ? keys : Set.of("call:" + r.getCallId()));
        } else if (event instanceof LogNotice n) {
            publishNotice(n);
        }
        runSafeActions();
    }

    private void publishNotice(LogNotice n) {
        Set<String> keys = PartitionKeys.of(n);
        if (keys.isEmpty()) {
            keys = Set.of("host:" + host);
        }
        publish("notice", null, null, EventJson.notice(n), keys);
    }

    @Override
    public void advanceTo(long epochMillis) {
        layer.advanceTo(epochMillis);
        runSafeActions();
    }

    @Override
    public long now() {
        return layer.now();
    }

    @Override
    public long nextDue() {
        return layer.nextDue();
    }

    @Override
    public void whenSafe(Runnable action) {
        pending.add(new Pending(seq.get(), action));
        runSafeActions();
    }

    /** Records sent and acknowledged so far. */
    public long published() {
        return published.get();
    }

    /** Records the broker refused for good (too large, not authorised); each is logged. */
    /** Producer settings: nothing dropped while the broker is away, records in order per key. */
    public static Properties producerProperties(KafkaSettings kafka, String host) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrap);
        p.put("client.id", "siphint-agent-" + host);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("compression.type", "lz4");
        p.put("linger.ms", "5");
        // retry without a deadline: the records wait in the buffer, then reading waits, while the broker is away
        p.put("delivery.timeout.ms", String.valueOf(Integer.MAX_VALUE));
        p.put("max.block.ms", String.valueOf(Long.MAX_VALUE));
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        kafka.properties.forEach(p::put);
        return p;
    }

    /** Counts each acknowledged record as a fact out, by type, and each refused one as a drop. */
    public FactPublisher countInto(Metrics metrics) {
        this.metrics = metrics;
        return this;
    }

    public long failed() {
        return failed.get();
    }

    /** Records sent and not yet acknowledged. */
    public int inFlight() {
        return unacked.size();
    }

    private void runSafeActions() {
        while (!pending.isEmpty()) {
            Long oldest = unacked.isEmpty() ? null : unacked.first();
            if (oldest != null && oldest <= pending.peekFirst().upTo()) {
                return;
            }
            pending.pollFirst().action().run();
        }
    }

    private Set<String> keysOf(LogEvent unit) {
        localAccounts.seen(unit.getTimestamp());
        if (unit instanceof SipTransaction tx) {
            return asLegOf(tx, PartitionKeys.of(tx, localAccounts));
        }
        if (unit instanceof Call call) {
            return asLegOf(call, PartitionKeys.of(call, localAccounts));
        }
        Registration reg = (Registration) unit;
        if (reg.isReceived() && reg.getRole() == org.siphint.event.Role.PBX) {
            localAccounts.registered(org.siphint.sip.HeaderValues.user(reg.getAccount()), unit.getTimestamp(),
                    reg.getExpires());
        }
        return PartitionKeys.of(reg);
    }

    private void publish(String type, String op, String id, JsonNode body, Collection<String> keys) {
        Collection<String> to = keys == null || keys.isEmpty() ? Set.of("host:" + host) : keys;
        long n = seq.incrementAndGet();
        byte[] bytes = new FactRecord(FactRecord.VERSION, host, n, clock.millis(), probe == null ? 0 : probe.offsetMillis(),
                type, op, id, body).toBytes();
        unacked.add(n);
        copiesLeft.put(n, new AtomicInteger(to.size()));
        for (String key : to) {
            // blocks while the producer's buffer is full (the broker is away): back-pressure, not loss
            producer.send(new ProducerRecord<>(topic, key, bytes), (meta, error) -> {
                Metrics m = metrics;
                if (error != null) {
                    failed.incrementAndGet();
                    if (m != null) {
                        m.dropped("refused-by-broker", 1);
                    }
                    String message = error.toString();
                    if (!message.equals(lastError)) {
                        lastError = message;
                        LOG.error("the broker refused a {} record of {} bytes: {}", type, bytes.length, message);
                    }
                } else {
                    published.incrementAndGet();
                    if (m != null) {
                        m.factsOut(type, 1);
                    }
                }
                AtomicInteger left = copiesLeft.get(n);
                if (left != null && left.decrementAndGet() == 0) {
                    copiesLeft.remove(n);
                    unacked.remove(n);
                }
            });
        }
    }

    /**
     * The keys of a B2BUA's leg its log linked to the call it was placed for (a PBX's INVITE to a
     * trunk for a phone's call): that call's phone, so that the phone's desktop hears what the trunk
     * answered; its own keys otherwise.
     */
    private Set<String> asLegOf(LogEvent unit, Set<String> own) {
        if (unit.getLegOf() == null) {
            return own;
        }
        Set<String> incoming = callKeys.get(callKey(unit.getFile(), unit.getLegOf()));
        return incoming == null ? own : PartitionKeys.asLegOf(own, incoming);
    }

    private void rememberCall(String file, String callId, Set<String> keys) {
        if (callId != null) {
            callKeys.put(callKey(file, callId), keys);
        }
    }

    private static String callKey(String file, String callId) {
        return file + '\u0000' + callId;
    }
}
