package org.siphint.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the fleet's topics when they are missing. The facts topic takes the broker's time
 * ({@code message.timestamp.type=LogAppendTime}): each record's timestamp is then the broker's
 * clock, against which an agent measures its own ({@link ClockProbe}). Facts are kept a day (enough
 * to rebuild a worker's state, which needs minutes), findings a week (a desktop away for a weekend
 * catches up, then drops what is older than its pop-up window).
 */
public final class Topics {

    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);

    private Topics() {
    }

    /** Creates what is missing; true when both topics exist afterwards. Waits at most {@code timeoutMillis}. */
    public static boolean ensure(KafkaSettings settings, long timeoutMillis) {
        Admin admin = Admin.create(settings.common("siphint-admin"));
        try {
            Set<String> existing = admin.listTopics().names().get(timeoutMillis, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new java.util.ArrayList<>(2);
            if (!existing.contains(settings.factsTopic)) {
                missing.add(new NewTopic(settings.factsTopic, settings.partitions, (short) -1).configs(Map.of(
                        "message.timestamp.type", "LogAppendTime",
                        "retention.ms", String.valueOf(TimeUnit.DAYS.toMillis(1)))));
            }
            if (!existing.contains(settings.findingsTopic)) {
                missing.add(new NewTopic(settings.findingsTopic, settings.partitions, (short) -1).configs(Map.of(
                        "retention.ms", String.valueOf(TimeUnit.DAYS.toMillis(7)))));
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
                    LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e; // another agent may have created it meanwhile: that is fine
                    }
                }
            }
            return true;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("cannot check or create the topics at {}: {}", settings.bootstrap,
                    e.getCause() != null ? e.getCause().toString() : e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            // a plain close waits out the calls still pending (a minute) when the broker is away
            admin.close(Duration.ofSeconds(1));
        }
    }
}
