package dev.sandstage.connectors.internal;

import dev.sandstage.connectors.StartPosition;
import dev.sandstage.schema.EventCodec;
import dev.sandstage.schema.EventDecodeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every partition of one topic without a consumer group (manual assignment, nothing
 * committed), read_committed, decoding values with an {@link EventCodec}. Values that do not
 * decode are counted and skipped rather than failing the read: a tail must survive a bad record.
 * Single-threaded like the KafkaConsumer it wraps, except {@link #wakeup()}.
 */
public final class EventReader<T extends SpecificRecord> implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventCodec<T> codec;
    private long undecodable;

    public EventReader(String bootstrapServers, String topic, EventCodec<T> codec, StartPosition start,
            Map<String, ?> extraConfig) {
        this.codec = codec;
        Map<String, Object> config = new HashMap<>(extraConfig);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "sandstage-reader-" + UUID.randomUUID());
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            if (start == StartPosition.BEGINNING) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            // Seeks are lazy; resolving the positions now fixes "latest" before the caller publishes.
            partitions.forEach(consumer::position);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    /** Polls once; returns the decoded events in partition order (empty after a wakeup). */
    public List<T> poll(Duration timeout) {
        List<T> events = new ArrayList<>();
        try {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
                try {
                    events.add(codec.decode(record.value()));
                } catch (EventDecodeException | IllegalArgumentException e) {
                    undecodable++;
                }
            }
        } catch (WakeupException e) {
            return events;
        }
        return events;
    }

    /** How many records were skipped because they did not decode. */
    public long undecodable() {
        return undecodable;
    }

    /** Makes a blocked or the next {@link #poll} return early; any thread. */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
