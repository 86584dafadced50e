package dev.sandstage.bench.e2e;

import dev.sandstage.config.TopicSettings;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import dev.sandstage.schema.EventCodec;
import dev.sandstage.verify.DecisionSigner;
import dev.sandstage.verify.SigningKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
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
 * One load run in two phases over the same producer, reader and sessions: a warm-up at its own
 * rate whose results are read but not measured, then the measured phase. The main thread sends
 * signed {@code echo} decisions at a fixed rate over 50 sessions; a thread named
 * {@code bench-results} reads results ({@code read_committed}) and records each measured
 * decision's latency once, counting any second result (in either phase) as a duplicate. One run
 * rather than two: the second run's fresh producer and reader used to show as latency of its
 * first second (metadata, connections, fetch sessions), which is the benchmark's cost, not the stage's.
 */
final class LoadRun {

    private static final int SESSIONS = 50;
    private static final Duration DRAIN = Duration.ofSeconds(60);

    /** A phase: decisions per second for how long. */
    record Phase(int rate, Duration duration) {
        long decisions() {
            return rate * duration.toSeconds();
        }
    }

    private final String bootstrap;
    private final TopicSettings topics;
    private final SigningKey key;
    private final Phase warmup;
    private final Phase measured;
    private final EventCodec<ToolCallDecision> decisions = EventCodec.of(ToolCallDecision.class);
    private final EventCodec<ToolResult> results = EventCodec.of(ToolResult.class);
    /** When a decision was sent: this JVM's monotonic clock for latency, the wall clock to compare with the stage's timestamps. */
    private record Sent(long nanos, long wallMillis, boolean measured) {}

    private final Map<String, Sent> sentAt = new ConcurrentHashMap<>();
    /** Per decision, by the stage's own timestamps (milliseconds): Kafka in, in the stage, out to the reader. */
    private final Histogram inMillis = new Histogram(TimeUnit.MINUTES.toMillis(5), 3);
    private final Histogram stageMillis = new Histogram(TimeUnit.MINUTES.toMillis(5), 3);
    private final Histogram outMillis = new Histogram(TimeUnit.MINUTES.toMillis(5), 3);
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private final Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    private final Histogram warmMicros = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    private final AtomicLong duplicates = new AtomicLong();
    private volatile long lastResultNanos;
    private volatile long measuredStartNanos;
    /** One CSV line per measured decision, for {@code --trace}; guarded by {@link #micros}. */
    private final StringBuilder trace = new StringBuilder("sent_ms,sent_wall_ms,latency_ms,kafka_in_ms,stage_ms,out_ms\n");

    LoadRun(String bootstrap, TopicSettings topics, SigningKey key, Phase warmup, Phase measured) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.key = key;
        this.warmup = warmup;
        this.measured = measured;
    }

    /**
     * Sends both phases and waits for their results; calls {@code atMeasuredStart} on the
     * sending thread just before the first measured decision. Returns the measured phase.
     */
    E2eReport run(Runnable atMeasuredStart) throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.results()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            long total = warmup.decisions() + measured.decisions();
            Thread reader = Thread.ofPlatform().name("bench-results").start(() -> read(consumer, total));
            send(atMeasuredStart);
            reader.join(measured.duration().plus(DRAIN).toMillis());
            reader.interrupt();
            reader.join();
            double seconds = (lastResultNanos - measuredStartNanos) / 1e9;
            synchronized (micros) {
                return E2eReport.of(measured.rate(), measured.decisions(), duplicates.get(), micros,
                        micros.getTotalCount() / seconds);
            }
        }
    }

    /** The warm-up's results: how many, and their median latency in milliseconds. */
    String warmupSummary() {
        synchronized (micros) {
            return String.format("warm-up: %d of %d results, p50 %.2f ms", warmMicros.getTotalCount(),
                    warmup.decisions(), warmMicros.getValueAtPercentile(50) / 1e3);
        }
    }

    /**
     * Where each decision's time went, by the stage's timestamps on its result (one JVM, one
     * clock, millisecond resolution): sent until the stage read it, read until its result was
     * built, built until this reader had it (commit, visibility, fetch).
     */
    void printBreakdown(java.io.PrintStream out) {
        synchronized (micros) {
            out.printf("per decision (ms, p50 / p90 / p99): kafka in %d / %d / %d, stage %d / %d / %d, commit + out %d / %d / %d%n",
                    inMillis.getValueAtPercentile(50), inMillis.getValueAtPercentile(90), inMillis.getValueAtPercentile(99),
                    stageMillis.getValueAtPercentile(50), stageMillis.getValueAtPercentile(90),
                    stageMillis.getValueAtPercentile(99), outMillis.getValueAtPercentile(50),
                    outMillis.getValueAtPercentile(90), outMillis.getValueAtPercentile(99));
        }
    }

    /** Writes one CSV line per measured decision: when it was sent (ms into the phase, wall clock), its latency and the breakdown. */
    void writeTrace(java.nio.file.Path file) throws java.io.IOException {
        synchronized (micros) {
            java.nio.file.Files.writeString(file, trace);
        }
    }

    private void send(Runnable atMeasuredStart) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.partitionsFor(topics.decisions());
            long next = sendPhase(producer, warmup, 0, false);
            atMeasuredStart.run();
            measuredStartNanos = System.nanoTime();
            sendPhase(producer, measured, next, true);
            producer.flush();
        }
    }

    /** Sends one phase at its rate, numbering decisions from {@code first}; returns the next number. */
    private long sendPhase(KafkaProducer<byte[], byte[]> producer, Phase phase, long first, boolean measure) {
        long start = System.nanoTime();
        long intervalNanos = 1_000_000_000L / phase.rate();
        long count = phase.decisions();
        for (long i = 0; i < count; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            ToolCallDecision d = DecisionSigner.signed(decision(first + i), key);
            sentAt.put(d.getDecisionId(), new Sent(System.nanoTime(), System.currentTimeMillis(), measure));
            producer.send(new ProducerRecord<>(topics.decisions(), d.getSessionId().getBytes(), decisions.encode(d)));
        }
        return first + count;
    }

    private void read(KafkaConsumer<byte[], byte[]> consumer, long total) {
        while (answered.size() < total && !Thread.currentThread().isInterrupted()) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                long now = System.nanoTime();
                ToolResult result = results.decode(r.value());
                String id = result.getDecisionId();
                Sent sent = sentAt.get(id);
                if (sent == null) {
                    continue;
                }
                if (!answered.add(id)) {
                    duplicates.incrementAndGet();
                    continue;
                }
                long latencyMicros = Math.max(0, (now - sent.nanos()) / 1000);
                synchronized (micros) {
                    if (!sent.measured()) {
                        warmMicros.recordValue(latencyMicros);
                        continue;
                    }
                    micros.recordValue(latencyMicros);
                    long queued = result.getQueuedAt().toEpochMilli();
                    long finished = result.getFinishedAt().toEpochMilli();
                    long in = Math.max(0, queued - sent.wallMillis());
                    long stage = Math.max(0, finished - queued);
                    long out = Math.max(0, System.currentTimeMillis() - finished);
                    inMillis.recordValue(in);
                    stageMillis.recordValue(stage);
                    outMillis.recordValue(out);
                    trace.append((sent.nanos() - measuredStartNanos) / 1_000_000).append(',').append(sent.wallMillis())
                            .append(',').append(latencyMicros / 1000.0).append(',').append(in).append(',')
                            .append(stage).append(',').append(out).append('\n');
                }
                lastResultNanos = now;
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return readCommitted(bootstrap);
    }

    /** A read_committed reader with a short fetch wait, as the benchmarks' result readers use. */
    static KafkaConsumer<byte[], byte[]> readCommitted(String bootstrap) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                // A waiting fetch is not woken when a transaction commits (the last stable offset
                // moves, not the high watermark), so a latency-minded reader keeps the wait short.
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    private ToolCallDecision decision(long i) {
        Instant now = Instant.now();
        return ToolCallDecision.newBuilder()
                .setDecisionId(UUID.randomUUID().toString())
                .setSessionId("bench-session-" + (i % SESSIONS))
                .setTenantId("bench")
                .setCallId("call-" + i)
                .setTool("echo")
                .setArgumentsJson("{\"message\":\"m" + i + "\"}")
                .setAllowed(true)
                .setReason(null)
                .setPolicyId("bench")
                .setPolicyVersion("1")
                .setIssuedAt(now)
                .setExpiresAt(now.plusSeconds(300))
                .setConstraints(null)
                .setSignature(null)
                .build();
    }
}
