package org.siphint.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.siphint.finding.Finding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A desktop's share of the fleet's findings: the findings topic's records keyed by this desktop's
 * accounts, handed to the local daemon's sinks as if found here (bob learns from the PBX's side that
 * his phone is unreachable). It reads only the partitions its accounts' keys fall in (Kafka's own
 * key hash), without a consumer group: every desktop needs all of its accounts' findings, and its
 * place in each partition is kept in its state folder, so a restart, or Kafka coming back after an
 * outage, catches up without loss. A finding older than the pop-up window when it arrives is not
 * popped (it is counted): a desktop back from a weekend does not get Friday's pop-ups.
 * Repeats (two workers' copies of one finding) are dropped downstream by the finding's id.
 */
public final class FindingSubscriber implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FindingSubscriber.class);
    static final String STATE_FILE = "fleet-positions.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaSettings settings;
    private final Consumer<Finding> deliver;
    private final Path stateFile;
    private final long popupWindowMillis;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<String> accountKeys = new LinkedHashSet<>();
    private volatile Set<String> wanted = Set.of();
    private volatile boolean running = true;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private Set<TopicPartition> assigned = Set.of();
    private Map<String, Long> savedPositions = new HashMap<>();
    private long lastSave;

    public FindingSubscriber(KafkaSettings settings, Path stateDir, Duration popupWindow, Consumer<Finding> deliver) {
        this.settings = settings;
        this.deliver = deliver;
        this.stateFile = stateDir == null ? null : stateDir.resolve(STATE_FILE);
        this.popupWindowMillis = popupWindow.toMillis();
        Properties c = settings.common("siphint-desktop-" + settings.hostId());
        c.put("enable.auto.commit", "false");
        c.put("auto.offset.reset", "latest");
        c.put("key.deserializer", StringDeserializer.class.getName());
        c.put("value.deserializer", ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(c);
        settings.accounts.forEach(this::learn);
        if (stateFile != null && Files.isRegularFile(stateFile)) {
            try {
                savedPositions = JSON.readValue(stateFile.toFile(), new TypeReference<Map<String, Long>>() { });
            } catch (IOException e) {
                LOG.warn("{}: unreadable, the fleet's findings are read from the pop-up window back: {}", stateFile, e.getMessage());
            }
        }
    }

    /** Adds an account whose findings pop up here (configured, or learned from a REGISTER this desktop's phone sent). */
    public synchronized void learn(String account) {
        String key = PartitionKeys.ofAccount(account);
        if (key != null && accountKeys.size() < 64 && accountKeys.add(key)) {
            LOG.info("fleet findings for {} pop up here", key);
            wanted = Set.copyOf(accountKeys);
        }
    }

    public long delivered() {
        return delivered.get();
    }

    /** Findings that arrived older than the pop-up window and were not popped. */
    public long stale() {
        return stale.get();
    }

    @Override
    public void run() {
        try {
            while (running) {
                reassignIfNeeded();
                if (assigned.isEmpty()) {
                    sleep(500);
                    continue;
                }
                long now = System.currentTimeMillis();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() == null || !wanted.contains(record.key())) {
                        continue;
                    }
                    Finding finding;
                    try {
                        finding = FindingRecord.parse(record.value());
                    } catch (FactRecord.MalformedRecordException e) {
                        LOG.warn("dropped a findings record: {}", e.getMessage());
                        continue;
                    }
                    if (finding.time() != null && finding.time().toEpochMilli() < now - popupWindowMillis) {
                        stale.incrementAndGet();
                        continue;
                    }
                    deliver.accept(finding);
                    delivered.incrementAndGet();
                }
                savePositions(now, false);
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            savePositions(System.currentTimeMillis(), true);
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Reads the partitions this desktop's account keys fall in; the topic's partition count is asked of the broker. */
    private void reassignIfNeeded() {
        Set<String> keys = wanted;
        if (keys.isEmpty()) {
            return;
        }
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(settings.findingsTopic, Duration.ofSeconds(5));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return; // the broker is away: try again on the next turn
        }
        if (infos == null || infos.isEmpty()) {
            return;
        }
        Set<TopicPartition> want = new TreeSet<>(java.util.Comparator.comparingInt(TopicPartition::partition));
        for (String key : keys) {
            int p = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % infos.size();
            want.add(new TopicPartition(settings.findingsTopic, p));
        }
        if (want.equals(assigned)) {
            return;
        }
        savePositions(System.currentTimeMillis(), true);
        consumer.assign(want);
        Map<TopicPartition, Long> since = new HashMap<>();
        for (TopicPartition tp : want) {
            Long saved = savedPositions.get(tp.toString());
            if (saved != null) {
                consumer.seek(tp, saved);
            } else {
                since.put(tp, System.currentTimeMillis() - popupWindowMillis);
            }
        }
        if (!since.isEmpty()) {
            Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(since);
            Map<TopicPartition, Long> end = consumer.endOffsets(since.keySet());
            for (TopicPartition tp : since.keySet()) {
                OffsetAndTimestamp o = from.get(tp);
                consumer.seek(tp, o != null ? o.offset() : end.getOrDefault(tp, 0L));
            }
        }
        assigned = Set.copyOf(want);
    }

    private void savePositions(long now, boolean force) {
        if (stateFile == null || assigned.isEmpty() || !force && now - lastSave < 1000) {
            return;
        }
        lastSave = now;
        try {
            Map<String, Long> positions = new HashMap<>(savedPositions);
            for (TopicPartition tp : assigned) {
                positions.put(tp.toString(), consumer.position(tp, Duration.ofMillis(200)));
            }
            if (positions.equals(savedPositions)) {
                return;
            }
            Files.createDirectories(stateFile.getParent());
            Path tmp = stateFile.resolveSibling(STATE_FILE + ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(positions));
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            savedPositions = positions;
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot save the fleet positions: {}", e.toString());
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    public void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void close() {
        stop();
    }

    /** The accounts this desktop follows (for doctor and tests). */
    public List<String> accounts() {
        return new ArrayList<>(wanted);
    }
}
