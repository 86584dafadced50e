package dev.sandstage.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.testing.KafkaBrokerExtension;
import dev.sandstage.testing.KafkaTestTopic;
import dev.sandstage.testing.SampleEvents;
import dev.sandstage.testing.TopicPartitions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class TransactionalRoundTripIT {

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);
    private final EventCodec<ToolCallDecision> codec = EventCodec.of(ToolCallDecision.class);

    @Test
    void readCommittedConsumerSeesCommittedDecisionsAndNeverAbortedOnes(@TopicPartitions(3) KafkaTestTopic topic) {
        List<String> committed = new ArrayList<>();
        List<String> aborted = new ArrayList<>();
        try (KafkaProducer<String, ToolCallDecision> producer = transactionalProducer(topic, EventEncoding.BINARY)) {
            producer.initTransactions();
            sendInTransaction(producer, topic, 3, committed, true);
            sendInTransaction(producer, topic, 2, aborted, false);
            // A committed batch after the aborted one, so reading it proves the abort markers were passed.
            sendInTransaction(producer, topic, 2, committed, true);
        }

        List<ToolCallDecision> readCommitted = readUntil(topic, "read_committed", committed.size());
        List<ToolCallDecision> readUncommitted = readUntil(topic, "read_uncommitted", committed.size() + aborted.size());

        assertThat(readCommitted).extracting(ToolCallDecision::getDecisionId).containsExactlyInAnyOrderElementsOf(committed);
        assertThat(readUncommitted).extracting(ToolCallDecision::getDecisionId).containsAll(aborted);
        assertThat(readCommitted.getFirst()).isEqualTo(expected(readCommitted.getFirst().getDecisionId()));
    }

    @Test
    void jsonEncodedDecisionsAreReadThroughTheContentTypeHeader(KafkaTestTopic topic) {
        List<String> committed = new ArrayList<>();
        try (KafkaProducer<String, ToolCallDecision> producer = transactionalProducer(topic, EventEncoding.JSON)) {
            producer.initTransactions();
            sendInTransaction(producer, topic, 2, committed, true);
        }

        List<ToolCallDecision> read = readUntil(topic, "read_committed", committed.size());

        assertThat(read).extracting(ToolCallDecision::getDecisionId).containsExactlyElementsOf(committed);
    }

    private void sendInTransaction(KafkaProducer<String, ToolCallDecision> producer, KafkaTestTopic topic,
                                   int count, List<String> ids, boolean commit) {
        producer.beginTransaction();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            ToolCallDecision decision = expected(id);
            producer.send(new ProducerRecord<>(topic.name(), decision.getSessionId(), decision));
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush();
            producer.abortTransaction();
        }
    }

    private static ToolCallDecision expected(String id) {
        ToolCallDecision decision = SampleEvents.decision(id);
        decision.setSessionId("session-" + id.charAt(0));
        return decision;
    }

    private KafkaProducer<String, ToolCallDecision> transactionalProducer(KafkaTestTopic topic, EventEncoding encoding) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, topic.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID());
        return new KafkaProducer<>(config, new StringSerializer(), new EventSerializer<>(codec, encoding));
    }

    private List<ToolCallDecision> readUntil(KafkaTestTopic topic, String isolation, int expectedCount) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topic.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ToolCallDecision> seen = new ArrayList<>();
        try (KafkaConsumer<String, ToolCallDecision> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new EventDeserializer<>(codec))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < topic.partitions(); p++) {
                partitions.add(new TopicPartition(topic.name(), p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(VISIBLE_WITHIN).pollInSameThread().untilAsserted(() -> {
                for (ConsumerRecord<String, ToolCallDecision> record : consumer.poll(Duration.ofMillis(100))) {
                    seen.add(record.value());
                }
                assertThat(seen).hasSizeGreaterThanOrEqualTo(expectedCount);
            });
            // Anything that was going to slip through would be in the fetched batches by now.
            seen.addAll(drain(consumer));
        }
        return seen;
    }

    private static List<ToolCallDecision> drain(KafkaConsumer<String, ToolCallDecision> consumer) {
        List<ToolCallDecision> more = new ArrayList<>();
        consumer.poll(Duration.ofMillis(200)).forEach(r -> more.add(r.value()));
        return more;
    }
}
