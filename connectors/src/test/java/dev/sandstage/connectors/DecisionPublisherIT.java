package dev.sandstage.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.schema.EventCodec;
import dev.sandstage.schema.EventDeserializer;
import dev.sandstage.testing.KafkaBrokerExtension;
import dev.sandstage.testing.KafkaTestTopic;
import dev.sandstage.testing.SampleEvents;
import dev.sandstage.verify.DecisionSigner;
import dev.sandstage.verify.SigningKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class DecisionPublisherIT {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void publishesASignedDecisionKeyedBySessionWithTheTraceparent(KafkaTestTopic topic) throws Exception {
        SigningKey key = SigningKey.hmac("dev", SECRET);
        ToolCallDecision decision = SampleEvents.decision();
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        try (DecisionPublisher publisher = DecisionPublisher.create(topic.bootstrapServers(), topic.name(), key)) {
            publisher.publish(decision, traceparent).get(30, TimeUnit.SECONDS);
        }

        ConsumerRecord<String, ToolCallDecision> record = readOne(topic);
        assertThat(record.key()).isEqualTo(decision.getSessionId());
        assertThat(new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.US_ASCII))
                .isEqualTo(traceparent);
        ToolCallDecision received = record.value();
        assertThat(received.getDecisionId()).isEqualTo(decision.getDecisionId());
        assertThat(received.getSignature().getKeyId()).isEqualTo("dev");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        byte[] expected = mac.doFinal(DecisionSigner.signingBytes(received));
        assertThat(received.getSignature().getValue()).isEqualTo(ByteBuffer.wrap(expected));
    }

    @Test
    void aResultSubscriberOpenedAtTheEndFindsAResultWrittenAfterwards(KafkaTestTopic topic) throws Exception {
        try (ResultSubscriber results = ResultSubscriber.open(topic.bootstrapServers(), topic.name(), StartPosition.LATEST);
                var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
                        Map.of("bootstrap.servers", topic.bootstrapServers()),
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            var codec = EventCodec.of(dev.sandstage.events.ToolResult.class);
            var other = dev.sandstage.events.ToolResult.newBuilder(SampleEvents.result()).setDecisionId("other").build();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic.name(), "s", "garbage".getBytes()));
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic.name(), "s", codec.encode(other)));
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic.name(), "s",
                    codec.encode(SampleEvents.result()))).get(30, TimeUnit.SECONDS);

            var result = results.awaitResult("decision-1", Duration.ofSeconds(30));

            assertThat(result).hasValueSatisfying(r -> assertThat(r.getCallId()).isEqualTo("call-7"));
            assertThat(results.undecodable()).isEqualTo(1);
        }
    }

    private static ConsumerRecord<String, ToolCallDecision> readOne(KafkaTestTopic topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topic.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic.name(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, ToolCallDecision> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new EventDeserializer<>(EventCodec.of(ToolCallDecision.class)))) {
            consumer.subscribe(List.of(topic.name()));
            List<ConsumerRecord<String, ToolCallDecision>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).hasSize(1);
            return records.getFirst();
        }
    }
}
