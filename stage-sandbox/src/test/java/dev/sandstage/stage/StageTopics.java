package dev.sandstage.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.schema.EventCodec;
import dev.sandstage.testing.KafkaTestBroker;
import dev.sandstage.verify.DecisionSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What a stage needs from a test besides its process or {@link StageFixture}: fresh
 * topics on the test broker, a fresh instance and group id, a key directory with the HMAC key of
 * {@link StageFixture}, the matching configuration settings, a producer of signed decisions, and
 * incremental readers of what the stage wrote.
 *
 * <p>Threads: the test thread only.
 */
final class StageTopics implements AutoCloseable {

    private static final EventCodec<ToolCallDecision> DECISIONS = EventCodec.of(ToolCallDecision.class);

    final String instanceId = "it-" + UUID.randomUUID().toString().substring(0, 8);
    final Map<String, String> names = new HashMap<>();
    private final KafkaTestBroker broker;
    private final Path keysDir;
    private final KafkaProducer<byte[], byte[]> producer;

    StageTopics(KafkaTestBroker broker, Path dir) throws IOException {
        this(broker, dir, StageFixture.PARTITIONS);
    }

    /** With a journal of {@code journalPartitions} partitions (a stage refuses one unlike the decisions topic). */
    StageTopics(KafkaTestBroker broker, Path dir, int journalPartitions) throws IOException {
        this.broker = broker;
        this.keysDir = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keysDir.resolve(StageFixture.KEY_ID + ".hmac"),
                HexFormat.of().formatHex(StageFixture.SECRET) + "\n");
        names.put("decisions", broker.createTopic(StageFixture.PARTITIONS).name());
        names.put("journal", broker.createTopic(journalPartitions).name());
        names.put("results", broker.createTopic(1).name());
        names.put("audit", broker.createTopic(1).name());
        names.put("dlq", broker.createTopic(1).name());
        producer = new KafkaProducer<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Configuration of a stage on these topics with this instance id, its HTTP endpoints on
     * {@code httpPort}. The consumer's session timeout is the broker's minimum (6 s), so that after
     * a {@code kill -9} the group drops the dead member in seconds rather than Kafka's default 45 s.
     */
    Map<String, String> settings(int httpPort) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap-servers", broker.bootstrapServers());
        names.forEach((k, v) -> s.put("topics." + k, v));
        s.put("stage.instance-id", instanceId);
        s.put("stage.group-id", "group-" + instanceId);
        s.put("stage.shutdown-grace", "10s");
        s.put("verify.keys-dir", keysDir.toString());
        s.put("http.port", Integer.toString(httpPort));
        s.put("kafka.consumer.session.timeout.ms", "6000");
        s.put("kafka.consumer.heartbeat.interval.ms", "1000");
        return s;
    }

    /** A signed, allowed decision for {@code tool}, valid for ten minutes. */
    static ToolCallDecision decision(String decisionId, String sessionId, String tool, String argumentsJson) {
        Instant now = Instant.now();
        return DecisionSigner.signed(ToolCallDecision.newBuilder().setDecisionId(decisionId).setSessionId(sessionId)
                .setTenantId("tenant-a").setCallId("call-" + decisionId).setTool(tool)
                .setArgumentsJson(argumentsJson).setAllowed(true).setReason("test").setPolicyId("p")
                .setPolicyVersion("1").setIssuedAt(now).setExpiresAt(now.plusSeconds(600)).build(), StageFixture.KEY);
    }

    /** Sends without waiting; {@link #flush()} waits for every send so far. */
    void send(ToolCallDecision d) {
        producer.send(new ProducerRecord<>(names.get("decisions"), d.getSessionId().getBytes(StandardCharsets.UTF_8),
                DECISIONS.encode(d)));
    }

    /** Sends with a W3C {@code traceparent} header and waits until the broker has it. */
    void send(ToolCallDecision d, String traceparent) throws Exception {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(names.get("decisions"),
                d.getSessionId().getBytes(StandardCharsets.UTF_8), DECISIONS.encode(d));
        record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.US_ASCII));
        producer.send(record).get(30, TimeUnit.SECONDS);
    }

    void flush() {
        producer.flush();
    }

    /** A read_committed reader of {@code topic} from its beginning. */
    <T> Reader<T> reader(String topic, Function<ConsumerRecord<byte[], byte[]>, T> decode) {
        return new Reader<>(broker.bootstrapServers(), names.get(topic), decode);
    }

    @Override
    public void close() {
        producer.close();
    }

    /** Keeps what it read; each {@link #pollUntil} continues where the last one stopped. */
    static final class Reader<T> implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Function<ConsumerRecord<byte[], byte[]>, T> decode;
        private final List<T> seen = new ArrayList<>();

        private Reader(String bootstrapServers, String topic, Function<ConsumerRecord<byte[], byte[]>, T> decode) {
            this.decode = decode;
            Map<String, Object> config = new HashMap<>();
            config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Everything read so far, after one more short poll. */
        List<T> poll() {
            consumer.poll(Duration.ofMillis(100)).forEach(r -> seen.add(decode.apply(r)));
            return List.copyOf(seen);
        }

        /** Polls until {@code done} holds for everything read so far (within {@code within}). */
        List<T> pollUntil(Predicate<List<T>> done, Duration within, Function<List<T>, String> describe) {
            await().atMost(within).pollInSameThread().pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                List<T> now = poll();
                assertThat(done.test(now)).as(() -> describe.apply(now)).isTrue();
            });
            return List.copyOf(seen);
        }

        /** Reads up to the current end (the last stable offset, read_committed) of every partition. */
        List<T> readToEnd(Duration within) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            await().atMost(within).pollInSameThread().pollInterval(Duration.ofMillis(50)).until(() -> {
                poll();
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
