package dev.sandstage.connectors;

import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.schema.EventCodec;
import dev.sandstage.schema.EventSerializer;
import dev.sandstage.verify.DecisionSigner;
import dev.sandstage.verify.SigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes {@link ToolCallDecision}s to the decisions topic for policy engines, planners and
 * {@code ./sandstage call}: signs each decision with the configured {@link SigningKey} (replacing
 * any signature it carries), keys the record by session id (so a session's calls stay in order on
 * one partition) and optionally adds a W3C {@code traceparent} header. The producer is idempotent
 * with {@code acks=all}.
 *
 * <p>Thread-safe like the KafkaProducer it wraps; returned futures complete on the producer's I/O
 * thread, so dependent actions should be quick or use their own executor.
 */
public final class DecisionPublisher implements AutoCloseable {

    /** Name of the optional W3C trace-context header. */
    public static final String TRACEPARENT_HEADER = "traceparent";

    private final KafkaProducer<String, ToolCallDecision> producer;
    private final String topic;
    private final SigningKey key;

    private DecisionPublisher(KafkaProducer<String, ToolCallDecision> producer, String topic, SigningKey key) {
        this.producer = producer;
        this.topic = topic;
        this.key = key;
    }

    /** A publisher to {@code topic} on {@code bootstrapServers} with default producer settings. */
    public static DecisionPublisher create(String bootstrapServers, String topic, SigningKey key) {
        return create(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic, key);
    }

    /**
     * A publisher with extra producer properties ({@code bootstrap.servers} must be among them);
     * serializers, {@code acks} and idempotence are set here and override the given ones.
     */
    public static DecisionPublisher create(Map<String, ?> producerConfig, String topic, SigningKey key) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        KafkaProducer<String, ToolCallDecision> producer =
                new KafkaProducer<>(config, new StringSerializer(), new EventSerializer<>(EventCodec.of(ToolCallDecision.class)));
        return new DecisionPublisher(producer, topic, key);
    }

    /** Signs and sends {@code decision}; the future completes when the broker acknowledged it. */
    public CompletableFuture<RecordMetadata> publish(ToolCallDecision decision) {
        return publish(decision, null);
    }

    /**
     * Signs and sends {@code decision} with a {@code traceparent} header when {@code traceparent}
     * is not null. The future fails with the producer's exception when the send fails.
     */
    public CompletableFuture<RecordMetadata> publish(ToolCallDecision decision, String traceparent) {
        ToolCallDecision signed = DecisionSigner.signed(decision, key);
        ProducerRecord<String, ToolCallDecision> record =
                new ProducerRecord<>(topic, signed.getSessionId(), signed);
        if (traceparent != null) {
            record.headers().add(TRACEPARENT_HEADER, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    acked.completeExceptionally(error);
                } else {
                    acked.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /** Sends buffered decisions now; blocks until they are acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    /** Flushes and closes the producer, waiting at most 5 seconds. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
