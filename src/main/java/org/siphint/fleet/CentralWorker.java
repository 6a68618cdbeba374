package org.siphint.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.siphint.event.LogEvent;
import org.siphint.finding.Finding;
import org.siphint.finding.FindingSink;
import org.siphint.metrics.Metrics;
import org.siphint.pipeline.Pipeline;
import org.siphint.util.BoundedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A central worker: one member of the consumer group that reads the facts topic and runs the rules.
 * Each partition it is given gets a rule session of its own ({@link PartitionRules}), so a partition
 * moves between workers without touching the others.
 *
 * <p>Delivery: a partition's offsets are committed only after the findings of the records before
 * them were acknowledged by the broker. A worker that dies loses nothing: the next owner of the
 * partition rebuilds the rules' state from the records of the last {@link #REBUILD_MILLIS} before the
 * committed offset without reporting (those findings went out already), then goes on from the
 * committed offset. A finding made twice (records after the last commit read again) carries the same
 * id, and desktops show an id once.
 */
public final class CentralWorker implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CentralWorker.class);
    /** Records this far back are read again to rebuild a partition's state: the longest rule window, 10 minutes, and a margin. */
    public static final long REBUILD_MILLIS = 11 * 60_000L;

    private final KafkaSettings settings;
    private final Function<FindingSink, Pipeline> pipelines;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final Map<TopicPartition, PartitionRules> partitions = new HashMap<>();
    private final List<FindingSink> extraSinks;
    private volatile boolean running = true;
    private final AtomicLong factsIn = new AtomicLong();
    private final AtomicLong findingsOut = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Metrics metrics;
    /** Records behind the end of each held partition, as of the last poll: the consumer is not for other threads. */
    private final Map<Integer, Long> lag = new ConcurrentHashMap<>();

    /**
     * @param pipelines makes a fresh rule pipeline (rules and wording) for a partition, whose findings
     *                  go to the sink it is given: this worker publishes them
     * @param extraSinks also receive every finding this worker publishes (syslog, metrics), on its thread
     */
    public CentralWorker(KafkaSettings settings, Function<FindingSink, Pipeline> pipelines, List<FindingSink> extraSinks) {
        this.settings = settings;
        this.pipelines = pipelines;
        this.extraSinks = List.copyOf(extraSinks);
        Properties c = settings.common("siphint-central-" + settings.hostId());
        c.put("group.id", settings.group);
        if (settings.instance != null) {
            c.put("group.instance.id", settings.instance);
        }
        c.put("enable.auto.commit", "false");
        c.put("auto.offset.reset", "earliest");
        c.put("max.poll.records", "2000");
        c.put("key.deserializer", StringDeserializer.class.getName());
        c.put("value.deserializer", ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(c);
        Properties p = settings.common("siphint-central-findings-" + settings.hostId());
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "0");
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
    }

    /** Counts facts in, findings out, drops and each partition's lag into {@code metrics}; call before {@link #run}. */
    public CentralWorker countInto(Metrics metrics) {
        this.metrics = metrics;
        return this;
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(settings.factsTopic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                commit(revoked); // what was processed is published; let the next owner start after it
                revoked.forEach(tp -> close(partitions.remove(tp)));
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> lost) {
                lost.forEach(tp -> close(partitions.remove(tp)));
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                assign(assigned);
            }
        });
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                long wall = System.currentTimeMillis();
                for (TopicPartition tp : records.partitions()) {
                    PartitionRules rules = partitions.get(tp);
                    if (rules == null) {
                        continue;
                    }
                    for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
                        rules.process(record, wall);
                    }
                }
                for (PartitionRules rules : partitions.values()) {
                    rules.tick(wall);
                    if (metrics != null) {
                        consumer.currentLag(rules.tp).ifPresent(n -> lag.put(rules.tp.partition(), n));
                    }
                }
                commit(partitions.keySet());
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            try {
                commit(partitions.keySet());
            } catch (RuntimeException e) {
                LOG.debug("final commit failed: {}", e.toString());
            }
            partitions.values().forEach(this::close);
            partitions.clear();
            consumer.close(Duration.ofSeconds(5));
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Builds the rules' state of newly assigned partitions from the records of the last minutes. */
    private void assign(Collection<TopicPartition> assigned) {
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(assigned));
        Map<TopicPartition, Long> since = new HashMap<>();
        for (TopicPartition tp : assigned) {
            since.put(tp, System.currentTimeMillis() - REBUILD_MILLIS);
        }
        Map<TopicPartition, OffsetAndTimestamp> rebuildFrom = consumer.offsetsForTimes(since);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(assigned);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata c = committed.get(tp);
            long liveFrom = c == null ? beginning.getOrDefault(tp, 0L) : c.offset();
            OffsetAndTimestamp r = rebuildFrom.get(tp);
            long start = r == null ? liveFrom : Math.min(r.offset(), liveFrom);
            PartitionRules rules = new PartitionRules(tp, liveFrom);
            partitions.put(tp, rules);
            if (metrics != null) {
                int n = tp.partition();
                metrics.lag(String.valueOf(n), () -> lag.getOrDefault(n, 0L));
            }
            consumer.seek(tp, start);
            LOG.info("partition {}: rebuilding from offset {}, reporting from {}", tp, start, liveFrom);
        }
    }

    /** Commits, for each partition, the offset after its last processed record, once its findings are acknowledged. */
    private void commit(Collection<TopicPartition> which) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        for (TopicPartition tp : which) {
            PartitionRules rules = partitions.get(tp);
            if (rules != null && rules.uncommitted()) {
                offsets.put(tp, new OffsetAndMetadata(rules.next));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        producer.flush();
        consumer.commitSync(offsets);
        offsets.keySet().forEach(tp -> partitions.get(tp).committed());
    }

    private void close(PartitionRules rules) {
        if (rules != null) {
            if (metrics != null) {
                metrics.removeLag(String.valueOf(rules.tp.partition()));
                lag.remove(rules.tp.partition());
            }
            rules.pipeline.close();
        }
    }

    /** Facts read by this worker (live, not counting the rebuilds). */
    public long factsIn() {
        return factsIn.get();
    }

    public long findingsOut() {
        return findingsOut.get();
    }

    /** Records dropped: malformed, of a newer schema, or older than the rules' windows. */
    public long dropped() {
        return dropped.get();
    }

    /** The partitions this worker holds now (from any thread, a snapshot). */
    public synchronized List<Integer> partitionNumbers() {
        List<Integer> list = new ArrayList<>();
        new ArrayList<>(partitions.keySet()).forEach(tp -> list.add(tp.partition()));
        return list;
    }

    public void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void close() {
        stop();
    }

    /** One partition's rules, state and place in the topic. */
    private final class PartitionRules {
        final TopicPartition tp;
        final Pipeline pipeline;
        final long liveFrom;
        final FactReader reader;
        long next;
        private long committedAt = -1;
        /** The key of the record being read: the phone its agent chose for it. */
        private String recordKey;
        /** The account each phone's user had in this partition's facts (the keys name users, desktops accounts). */
        private final Map<String, String> accountOfUser = BoundedMap.droppingLeastRecentlyUsed(20_000);
        private final Map<String, Set<String>> phonesOfCall = BoundedMap.droppingOldest(20_000);

        PartitionRules(TopicPartition tp, long liveFrom) {
            this.tp = tp;
            this.pipeline = pipelines.apply(this::publish);
            this.liveFrom = liveFrom;
            this.next = liveFrom;
            this.committedAt = liveFrom;
            this.reader = new FactReader(pipeline, this::remember);
            pipeline.mute(true);
        }

        void process(ConsumerRecord<String, byte[]> record, long wall) {
            boolean live = record.offset() >= liveFrom;
            if (live) {
                pipeline.mute(false);
            }
            recordKey = record.key();
            FactReader.Outcome outcome = reader.read(record.value(), live, wall);
            if (live) {
                Metrics m = metrics;
                switch (outcome) {
                    case FACT -> {
                        factsIn.incrementAndGet();
                        if (m != null) {
                            m.factsIn(reader.lastType(), 1);
                        }
                    }
                    case DROPPED -> {
                        dropped.incrementAndGet();
                        if (m != null) {
                            m.dropped(reader.dropReason(), 1);
                        }
                    }
                    default -> { }
                }
                next = record.offset() + 1;
            }
        }

        void tick(long wall) {
            reader.tick(wall);
        }

        boolean uncommitted() {
            return next > committedAt;
        }

        void committed() {
            committedAt = next;
        }

        /**
         * Remembers the phone-side account a call's facts came under. The finding's own account is
         * the logging side's party: at a PBX that refused a caller's INVITE it is the callee, but the
         * caller's desktop is the one that must hear of it. The agent keyed the facts by that phone
         * (only it knows which accounts registered at its PBX, and which trunk leg a B2BUA placed for
         * which phone's call): the record's key names the phone, a party of the fact names its domain,
         * and a leg whose parties are both outside (a trunk leg with the PBX's own caller ID) takes
         * the account the phone had in this partition's earlier facts.
         */
        private void remember(LogEvent fact) {
            String id = fact.getCallId();
            if (id == null) {
                return;
            }
            String user = recordKey != null && recordKey.startsWith(PartitionKeys.USER)
                    ? recordKey.substring(PartitionKeys.USER.length()) : null;
            String account = PartitionKeys.accountOf(fact, user);
            if (account != null) {
                accountOfUser.put(user, account);
            } else if (user != null) {
                account = accountOfUser.get(user);
            }
            if (account == null) {
                account = PartitionKeys.phoneSideAccount(fact);
            }
            if (account != null) {
                phonesOfCall.computeIfAbsent(id, k -> new LinkedHashSet<>(2)).add(account);
                // a trunk leg's finding names the phone's call it was placed for
                String legOf = fact.getLegOf();
                if (legOf != null) {
                    phonesOfCall.computeIfAbsent(legOf, k -> new LinkedHashSet<>(2)).add(account);
                }
            }
        }

        /**
         * The desktop a finding belongs to: its own account when that is a phone of the call (a
         * proxy that logs both legs of one Call-ID has two), else the call's one phone, else its account.
         */
        private String keyOf(Finding finding) {
            String own = PartitionKeys.ofAccount(finding.account());
            Set<String> phones = finding.callId() == null ? null : phonesOfCall.get(finding.callId());
            if (phones == null || phones.isEmpty() || phones.contains(own)) {
                return own;
            }
            return phones.size() == 1 ? phones.iterator().next() : own;
        }

        private void publish(Finding finding) {
            String key = keyOf(finding);
            producer.send(new ProducerRecord<>(settings.findingsTopic, key == null ? "none" : key,
                    FindingRecord.toBytes(finding)));
            findingsOut.incrementAndGet();
            Metrics m = metrics;
            if (m != null) {
                m.factsOut("finding", 1);
            }
            for (FindingSink sink : extraSinks) {
                try {
                    sink.accept(finding);
                } catch (RuntimeException e) {
                    LOG.warn("sink {} failed: {}", sink.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }
}
