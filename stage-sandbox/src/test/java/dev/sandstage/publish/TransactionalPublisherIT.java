package dev.sandstage.publish;

import static dev.sandstage.publish.KafkaClients.WITHIN;
import static dev.sandstage.publish.KafkaClients.common;
import static dev.sandstage.publish.KafkaClients.readCommitted;
import static dev.sandstage.publish.KafkaClients.string;
import static dev.sandstage.publish.KafkaClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.testing.KafkaBrokerExtension;
import dev.sandstage.testing.KafkaTestBroker;
import dev.sandstage.testing.KafkaTestTopic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class TransactionalPublisherIT {

    @Test
    void committedTransactionShowsItsRecordsAndMovesTheGroupOffset(KafkaTestBroker broker, KafkaTestTopic input,
                                                                   KafkaTestTopic output) throws Exception {
        String group = "group-" + UUID.randomUUID();
        produceInputs(broker, input, 3);
        try (KafkaConsumer<byte[], byte[]> consumer = groupConsumer(broker, input, group);
             TransactionalPublisher publisher = publisher(broker, UUID.randomUUID().toString())) {
            awaitRecords(consumer, 3);
            publisher.stage(text(output.name(), "s1", "result-1"));
            publisher.stage(text(output.name(), "s1", "audit-1"));

            CommitReceipt receipt = publisher.commit(Map.of(tp(input), new OffsetAndMetadata(3)), consumer.groupMetadata());

            assertThat(receipt.records()).isEqualTo(2);
            assertThat(receipt.partitions()).isEqualTo(1);
            assertThat(publisher.inTransaction()).isFalse();
        }
        List<ConsumerRecord<byte[], byte[]>> seen = readCommitted(broker.bootstrapServers(), output.name(), 1, r -> r.size() >= 2);
        assertThat(seen).extracting(r -> string(r.value())).containsExactly("result-1", "audit-1");
        // The coordinator writes the offsets' commit marker after the commit returns: it shows shortly after.
        await().atMost(WITHIN).untilAsserted(() -> assertThat(committedOffset(broker, group, input)).isEqualTo(3L));
    }

    @Test
    void abortedTransactionStaysInvisibleAndLeavesOffsetsAlone(KafkaTestBroker broker, KafkaTestTopic input,
                                                               KafkaTestTopic output) throws Exception {
        String group = "group-" + UUID.randomUUID();
        try (TransactionalPublisher publisher = publisher(broker, UUID.randomUUID().toString())) {
            publisher.stage(text(output.name(), "s1", "aborted"));
            publisher.abort();
            // Committed after the abort, so reading it proves the aborted record was passed over.
            publisher.stage(text(output.name(), "s1", "committed"));
            publisher.commit(Map.of(), new ConsumerGroupMetadata(group));
        }
        List<ConsumerRecord<byte[], byte[]>> seen = readCommitted(broker.bootstrapServers(), output.name(), 1,
                r -> r.stream().anyMatch(x -> string(x.value()).equals("committed")));
        assertThat(seen).extracting(r -> string(r.value())).containsExactly("committed");
        assertThat(committedOffset(broker, group, input)).isNull();
    }

    @Test
    void nothingStagedAndNoOffsetsCommitsNothing(KafkaTestBroker broker) {
        try (TransactionalPublisher publisher = publisher(broker, UUID.randomUUID().toString())) {
            assertThat(publisher.commit(Map.of(), new ConsumerGroupMetadata("g"))).isEqualTo(CommitReceipt.NOTHING);
        }
    }

    @Test
    void secondPublisherWithTheSameInstanceIdFencesTheFirst(KafkaTestBroker broker, KafkaTestTopic output) {
        String instance = UUID.randomUUID().toString();
        try (TransactionalPublisher first = publisher(broker, instance)) {
            first.stage(text(output.name(), "s1", "zombie"));
            try (TransactionalPublisher second = publisher(broker, instance)) {
                assertThat(second.transactionalId()).isEqualTo("sandstage-" + instance);

                assertThatThrownBy(() -> first.commit(Map.of(), new ConsumerGroupMetadata("g")))
                        .isInstanceOf(SandstageFatalException.class)
                        .hasMessageContaining("sandstage-" + instance);

                second.stage(text(output.name(), "s1", "owner"));
                second.commit(Map.of(), new ConsumerGroupMetadata("g"));
            }
        }
        List<ConsumerRecord<byte[], byte[]>> seen = readCommitted(broker.bootstrapServers(), output.name(), 1, r -> !r.isEmpty());
        assertThat(seen).extracting(r -> string(r.value())).containsExactly("owner");
    }

    private static TransactionalPublisher publisher(KafkaTestBroker broker, String instance) {
        return KafkaClients.publisher(broker.bootstrapServers(), instance);
    }

    private static void produceInputs(KafkaTestBroker broker, KafkaTestTopic input, int count) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(common(broker.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(text(input.name(), "s1", "decision-" + i));
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> groupConsumer(KafkaTestBroker broker, KafkaTestTopic input, String group) {
        Map<String, Object> config = new HashMap<>(common(broker.bootstrapServers()));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(input.name()));
        return consumer;
    }

    private static void awaitRecords(KafkaConsumer<byte[], byte[]> consumer, int count) {
        int[] seen = {0};
        await().atMost(WITHIN).pollInSameThread().untilAsserted(() -> {
            seen[0] += consumer.poll(Duration.ofMillis(100)).count();
            assertThat(seen[0]).isGreaterThanOrEqualTo(count);
        });
    }

    private static Long committedOffset(KafkaTestBroker broker, String group, KafkaTestTopic input) throws Exception {
        return KafkaClients.committedOffset(broker.admin(), group, input.name());
    }

    private static TopicPartition tp(KafkaTestTopic topic) {
        return new TopicPartition(topic.name(), 0);
    }
}
