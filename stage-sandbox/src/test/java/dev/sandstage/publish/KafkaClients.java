package dev.sandstage.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Test helpers for the publish ITs: client properties and read_committed reads. */
final class KafkaClients {

    static final Duration WITHIN = Duration.ofSeconds(30);

    private KafkaClients() {
    }

    static Map<String, Object> common(String bootstrapServers) {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    /** A transactional publisher for {@code instance} with a short transaction timeout. */
    static TransactionalPublisher publisher(String bootstrapServers, String instance) {
        Map<String, Object> props = new HashMap<>(common(bootstrapServers));
        props.put("transaction.timeout.ms", 10_000);
        return TransactionalPublisher.create(props, instance, Clock.systemUTC());
    }

    /** The committed offset of partition 0 of {@code topic} for {@code group}, or null. */
    static Long committedOffset(org.apache.kafka.clients.admin.Admin admin, String group, String topic) throws Exception {
        org.apache.kafka.clients.consumer.OffsetAndMetadata om = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get().get(new TopicPartition(topic, 0));
        return om == null ? null : om.offset();
    }

    static ProducerRecord<byte[], byte[]> text(String topic, String key, String value) {
        return new ProducerRecord<>(topic, utf8(key), utf8(value));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Values read_committed from every partition, polling until {@code done} holds, then one more poll. */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic, int partitions,
                                                              Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        Map<String, Object> config = new HashMap<>(common(bootstrap));
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            await().atMost(WITHIN).pollInSameThread().untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
                assertThat(done.test(seen)).as("records so far: %s", seen.size()).isTrue();
            });
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return seen;
    }
}
