package dev.sandstage.publish;

import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.events.ExecutionJournalEntry;
import dev.sandstage.events.JournalState;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.publish.internal.JournalReader;
import dev.sandstage.publish.internal.ProducerSettings;
import dev.sandstage.schema.EventCodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The execution journal ({@code sandstage.journal.v1}), which makes a non-idempotent tool run at
 * most once per decision. Before such a tool runs, {@link #recordStarted} writes a STARTED entry
 * outside any transaction and the caller waits for its acknowledgement; the FINISHED entry
 * ({@link #finishedRecord}) is staged in the publisher's transaction, so it commits atomically
 * with the result and the offset. When a partition changes owner, {@link #recover} reads the
 * journal and reports STARTED entries that never finished.
 *
 * <p>Layout: the journal has as many partitions as the decisions topic and every entry goes to
 * the partition number of its decision, so the new owner of decisions partition p reads only
 * journal partition p. {@link #partitionCount()} lets the stage check this at start. Key = the
 * decision id, so the topic may be compacted ({@code cleanup.policy=compact,delete} with a
 * retention longer than any decision's validity keeps recovery fast).
 *
 * <p>Threads: {@link #recordStarted} may be called from any thread and does not block; its future
 * completes on the Kafka producer's I/O thread, so callers hop back to their own context before
 * touching context-owned state. {@link #finishedRecord} is pure. {@link #recover} blocks (up to its
 * timeout) and runs on the owning worker thread or an executor thread, never an event loop.
 */
public final class ExecutionJournal implements AutoCloseable {

    /** Bound on replay-guard memory: decision ids remembered per journal partition. */
    public static final int RECENT_IDS_PER_PARTITION = 100_000;

    private final EventCodec<ExecutionJournalEntry> codec = EventCodec.reading(ExecutionJournalEntry.class);
    private final Producer<byte[], byte[]> producer;
    private final Map<String, Object> clientProperties;
    private final String topic;
    private final String instanceId;
    private final Clock clock;

    private ExecutionJournal(Producer<byte[], byte[]> producer, Map<String, Object> clientProperties,
                             String topic, String instanceId, Clock clock) {
        this.producer = producer;
        this.clientProperties = Map.copyOf(clientProperties);
        this.topic = topic;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    /**
     * @param clientProperties Kafka properties common to producer and consumer (bootstrap servers, security)
     * @param topic            the journal topic
     * @param instanceId       written into each entry as {@code stage_instance}
     */
    public static ExecutionJournal create(Map<String, Object> clientProperties, String topic, String instanceId, Clock clock) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ProducerSettings.idempotent(clientProperties));
        return new ExecutionJournal(producer, clientProperties, topic, instanceId, clock);
    }

    /**
     * Writes a STARTED entry to journal partition {@code sourcePartition}. The tool may run only
     * after the future succeeds; if it fails, answer the decision without running the tool.
     */
    public Future<Void> recordStarted(ToolCallDecision decision, int sourcePartition, long sourceOffset, boolean idempotent) {
        Promise<Void> acked = Promise.promise();
        ExecutionJournalEntry entry = entry(decision, sourcePartition, sourceOffset, idempotent, JournalState.STARTED, null);
        try {
            producer.send(record(entry), (metadata, error) -> {
                if (error == null) {
                    acked.complete();
                } else {
                    acked.fail(error);
                }
            });
        } catch (RuntimeException e) {
            acked.tryFail(e);
        }
        return acked.future();
    }

    /** The FINISHED entry for a decision, for the publisher to stage with its result. */
    public ProducerRecord<byte[], byte[]> finishedRecord(ToolCallDecision decision, int sourcePartition, long sourceOffset,
                                                         boolean idempotent, ResultStatus finalStatus) {
        return record(entry(decision, sourcePartition, sourceOffset, idempotent, JournalState.FINISHED, finalStatus));
    }

    /**
     * Reads the journal partitions of newly assigned decision partitions from the beginning up to
     * their current end and reports what never finished. Reads {@code read_committed}: STARTED
     * entries, written without a transaction, are visible; FINISHED entries of aborted
     * transactions are not. It waits until open transactions below the end are resolved (a crashed
     * owner's is aborted after its {@code transaction.timeout.ms}), since FINISHED entries inside
     * them could still commit.
     *
     * @throws dev.sandstage.error.SandstageRetriableException if the end is not reached within {@code timeout}
     */
    public JournalRecovery recover(Collection<Integer> partitions, Duration timeout) {
        return new JournalReader(clientProperties, topic, codec, RECENT_IDS_PER_PARTITION).read(partitions, timeout);
    }

    /** Partitions of the journal topic; must equal the decisions topic's. Blocks for metadata. */
    public int partitionCount() {
        try {
            return producer.partitionsFor(topic).size();
        } catch (RuntimeException e) {
            throw new SandstageFatalException("journal topic not readable", Map.of("topic", topic), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private ProducerRecord<byte[], byte[]> record(ExecutionJournalEntry entry) {
        byte[] key = entry.getDecisionId().toString().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, entry.getSourcePartition(), key, codec.encode(entry));
    }

    private ExecutionJournalEntry entry(ToolCallDecision decision, int sourcePartition, long sourceOffset,
                                        boolean idempotent, JournalState state, ResultStatus finalStatus) {
        return ExecutionJournalEntry.newBuilder()
                .setDecisionId(decision.getDecisionId())
                .setSessionId(decision.getSessionId())
                .setTool(decision.getTool())
                .setSourcePartition(sourcePartition)
                .setSourceOffset(sourceOffset)
                .setState(state)
                .setIdempotent(idempotent)
                .setStageInstance(instanceId)
                .setRecordedAt(clock.instant())
                .setFinalStatus(finalStatus)
                .build();
    }
}
