package dev.sandstage.schedule;

import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * One consumed record waiting in, or handed out by, a {@link KeyedScheduler}. Immutable; the
 * payload is whatever the consumer needs to run the record (typically the verified decision).
 * Created on the consumer's owning thread; safe to pass to executor threads and back.
 *
 * @param partition where the record was read
 * @param offset    its offset in that partition
 * @param key       the ordering key (the session id); {@code null} orders by partition
 * @param payload   the caller's data, never null
 */
public record ScheduledItem<P>(TopicPartition partition, long offset, String key, P payload) {

    public ScheduledItem {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(payload, "payload");
    }
}
