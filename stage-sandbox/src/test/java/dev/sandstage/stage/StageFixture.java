package dev.sandstage.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sandstage.config.StageConfig;
import dev.sandstage.config.StageConfigLoader;
import dev.sandstage.config.internal.EnvSource;
import dev.sandstage.events.AuditEvent;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import dev.sandstage.host.StateDirectory;
import dev.sandstage.schema.EventCodec;
import dev.sandstage.testing.KafkaTestBroker;
import dev.sandstage.verify.DecisionSigner;
import dev.sandstage.verify.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real {@link Stage} on the test broker and the local Docker engine, with its own topics, its
 * own instance id and a key directory holding one HMAC key ({@value #KEY_ID}); plus a producer of
 * decisions and read_committed readers of what the stage wrote.
 */
final class StageFixture implements AutoCloseable {

    static final String KEY_ID = "dev";
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final SigningKey KEY = SigningKey.hmac(KEY_ID, SECRET);
    static final Duration WITHIN = Duration.ofSeconds(90);
    static final int PARTITIONS = 3;

    private static final EventCodec<ToolCallDecision> DECISIONS = EventCodec.of(ToolCallDecision.class);
    private static final EventCodec<ToolResult> RESULTS = EventCodec.of(ToolResult.class);
    private static final EventCodec<AuditEvent> AUDITS = EventCodec.of(AuditEvent.class);

    final String instanceId;
    /** Topic names by role: decisions, journal, results, audit, dlq. */
    final Map<String, String> topics;
    final KafkaTestBroker broker;
    final Stage stage;
    private final StageTopics stageTopics;
    private final KafkaProducer<byte[], byte[]> producer;

    /** A stage whose state directory is {@code dir}, its key under {@code dir/keys}. */
    StageFixture(KafkaTestBroker broker, Path dir) throws Exception {
        this(broker, dir, PARTITIONS);
    }

    StageFixture(KafkaTestBroker broker, Path dir, int journalPartitions) throws Exception {
        this(broker, dir, journalPartitions, Map.of());
    }

    /** With {@code extraSettings} on top of the defaults (e.g. {@code catalog.path}). */
    StageFixture(KafkaTestBroker broker, Path dir, Map<String, String> extraSettings) throws Exception {
        this(broker, dir, PARTITIONS, extraSettings);
    }

    private StageFixture(KafkaTestBroker broker, Path dir, int journalPartitions, Map<String, String> extraSettings)
            throws Exception {
        this.broker = broker;
        stageTopics = new StageTopics(broker, dir, journalPartitions);
        instanceId = stageTopics.instanceId;
        topics = stageTopics.names;
        Map<String, String> settings = stageTopics.settings(0);
        settings.put("pool.global-max", "4");
        settings.putAll(extraSettings);
        Map<String, String> env = new HashMap<>();
        settings.forEach((k, v) -> env.put(EnvSource.variableFor(k), v));
        producer = new KafkaProducer<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
        try {
            StageConfig config = StageConfigLoader.load(java.util.Optional.empty(), env);
            stage = Stage.start(config, new StateDirectory(dir)).toCompletionStage()
                    .toCompletableFuture().get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            producer.close();
            stageTopics.close();
            throw e;
        }
    }

    /**
     * An allowed, unsigned {@code echo} decision valid for ten minutes: a minute expired decisions
     * of the thousand-decision test that waited in the backlog of a loaded machine.
     */
    static ToolCallDecision echo(String decisionId, String sessionId, String message) {
        Instant now = Instant.now();
        return ToolCallDecision.newBuilder().setDecisionId(decisionId).setSessionId(sessionId).setTenantId("tenant-a")
                .setCallId("call-" + decisionId).setTool("echo")
                .setArgumentsJson("{\"message\":\"" + message + "\"}").setAllowed(true).setReason("test")
                .setPolicyId("p").setPolicyVersion("1").setIssuedAt(now).setExpiresAt(now.plusSeconds(600)).build();
    }

    static ToolCallDecision signed(ToolCallDecision d) {
        return DecisionSigner.signed(d, KEY);
    }

    void send(ToolCallDecision d) {
        sendRaw(d.getSessionId(), DECISIONS.encode(d), new RecordHeaders());
    }

    /** Sends the decisions in one producer batch, so that the stage reads them in one poll. */
    void sendTogether(List<ToolCallDecision> decisions) {
        for (ToolCallDecision d : decisions) {
            producer.send(new ProducerRecord<>(topics.get("decisions"), null,
                    d.getSessionId().getBytes(StandardCharsets.UTF_8), DECISIONS.encode(d), new RecordHeaders()));
        }
        producer.flush();
    }

    void sendRaw(String key, byte[] value, RecordHeaders headers) {
        producer.send(new ProducerRecord<>(topics.get("decisions"), null, key.getBytes(StandardCharsets.UTF_8), value,
                headers));
        producer.flush();
    }

    List<ToolResult> results(Predicate<List<ToolResult>> done) {
        return read("results", 1, r -> RESULTS.decode(r.value()), done);
    }

    List<AuditEvent> audits(Predicate<List<AuditEvent>> done) {
        return read("audit", 1, r -> AUDITS.decode(r.value()), done);
    }

    List<ConsumerRecord<byte[], byte[]>> dlq(Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        return read("dlq", 1, r -> r, done);
    }

    /** Everything in {@code topic} read_committed from the start, polling until {@code done}, then once more. */
    <T> List<T> read(String topic, int partitions, java.util.function.Function<ConsumerRecord<byte[], byte[]>, T> decode,
            Predicate<List<T>> done) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<T> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topics.get(topic), p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            await().atMost(WITHIN).pollInSameThread().untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(decode.apply(r)));
                assertThat(done.test(seen)).as("%s so far: %s", topic, seen.size()).isTrue();
            });
            consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(decode.apply(r)));
        }
        return seen;
    }

    @Override
    public void close() throws Exception {
        producer.close();
        stageTopics.close();
        stage.stop().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    }

    static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory; nothing to do
        }
    }
}
