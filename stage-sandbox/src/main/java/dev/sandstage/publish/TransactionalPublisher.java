package dev.sandstage.publish;

import dev.sandstage.publish.internal.ProducerFailures;
import dev.sandstage.publish.internal.ProducerSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The stage's single transactional producer: results, audit events, FINISHED journal entries, DLQ
 * records and the consumer offsets of one batch commit together or not at all.
 *
 * <p>The transactional id is {@code sandstage-<instanceId>}; it must stay the same across restarts
 * of one instance so that the restarted producer fences its own zombie. A transaction begins
 * lazily on the first {@link #stage}; {@link #commit} adds the offsets and commits. Failures:
 * fencing (another producer took the id) and other unrecoverable producer states throw
 * {@link dev.sandstage.error.SandstageFatalException} and the stage must stop; anything else aborts
 * the transaction and throws {@link dev.sandstage.error.SandstageRetriableException}, after which
 * the caller re-reads from the last committed offsets. A commit that timed out is neither: the
 * next {@code commit} retries it, as Kafka requires.
 *
 * <p>Threads: only the consumer's owning thread (its Vert.x worker context) calls it; {@link #commit}
 * blocks that thread for one broker round trip, which a worker context allows. The producer's I/O
 * thread only records send failures.
 */
public final class TransactionalPublisher implements AutoCloseable {

    private enum State { IDLE, OPEN, COMMIT_PENDING, FAILED, CLOSED }

    private final Producer<byte[], byte[]> producer;
    private final String transactionalId;
    private final Clock clock;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private State state = State.IDLE;
    private int staged;

    private TransactionalPublisher(Producer<byte[], byte[]> producer, String transactionalId, Clock clock) {
        this.producer = producer;
        this.transactionalId = transactionalId;
        this.clock = clock;
    }

    /**
     * Creates the producer and runs {@code initTransactions}, which fences any older producer with
     * the same id and aborts its open transaction. Blocks up to {@code max.block.ms}.
     *
     * @param clientProperties Kafka producer properties passed through (bootstrap servers, security, tuning)
     * @param instanceId       the stage instance's stable id
     */
    public static TransactionalPublisher create(Map<String, Object> clientProperties, String instanceId, Clock clock) {
        String id = transactionalIdOf(instanceId);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ProducerSettings.transactional(clientProperties, id));
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw ProducerFailures.classify("initTransactions failed", id, e);
        }
        return new TransactionalPublisher(producer, id, clock);
    }

    /** The transactional id used for an instance: {@code sandstage-<instanceId>}. */
    public static String transactionalIdOf(String instanceId) {
        return "sandstage-" + instanceId;
    }

    /** Adds a record to the open transaction, beginning one if needed. Does not wait for the broker. */
    public void stage(ProducerRecord<byte[], byte[]> record) {
        beginIfIdle();
        staged++;
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                sendFailure.compareAndSet(null, error);
            }
        });
    }

    /**
     * Sends the consumer offsets into the transaction and commits it. With nothing staged and no
     * offsets, does nothing.
     *
     * @return what was committed and how long the commit took
     * @throws dev.sandstage.error.SandstageFatalException     when the producer was fenced or broke; stop the stage
     * @throws dev.sandstage.error.SandstageRetriableException when the transaction was aborted or the commit timed out
     */
    public CommitReceipt commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        requireUsable();
        if (state == State.IDLE && offsets.isEmpty()) {
            return CommitReceipt.NOTHING;
        }
        long start = clock.millis();
        try {
            if (state != State.COMMIT_PENDING) {
                beginIfIdle();
                if (!offsets.isEmpty()) {
                    producer.sendOffsetsToTransaction(offsets, group);
                }
                state = State.COMMIT_PENDING;
            }
            producer.commitTransaction();
        } catch (TimeoutException e) {
            throw ProducerFailures.retriable("transaction commit timed out; commit again", transactionalId, e);
        } catch (KafkaException e) {
            throw abortAfter(e);
        }
        CommitReceipt receipt = new CommitReceipt(staged, offsets.size(), Duration.ofMillis(clock.millis() - start));
        reset();
        return receipt;
    }

    /** Aborts the open transaction, if any; its records never become visible to read_committed readers. */
    public void abort() {
        requireUsable();
        if (state == State.IDLE) {
            return;
        }
        try {
            producer.abortTransaction();
            reset();
        } catch (KafkaException e) {
            state = State.FAILED;
            throw ProducerFailures.fatal("abortTransaction failed", transactionalId, e);
        }
    }

    /** True while a transaction is open (records staged or a commit pending). */
    public boolean inTransaction() {
        return state == State.OPEN || state == State.COMMIT_PENDING;
    }

    public String transactionalId() {
        return transactionalId;
    }

    /** Closes the producer; an open transaction is aborted by the broker. */
    @Override
    public void close() {
        state = State.CLOSED;
        producer.close(Duration.ofSeconds(5));
    }

    private RuntimeException abortAfter(KafkaException cause) {
        if (ProducerFailures.isFatal(cause)) {
            state = State.FAILED;
            return ProducerFailures.fatal("producer fenced or in a fatal state", transactionalId, cause);
        }
        try {
            producer.abortTransaction();
        } catch (KafkaException abortFailure) {
            state = State.FAILED;
            abortFailure.addSuppressed(cause);
            return ProducerFailures.fatal("abortTransaction failed after a failed commit", transactionalId, abortFailure);
        }
        reset();
        return ProducerFailures.retriable("transaction aborted", transactionalId, cause);
    }

    private void beginIfIdle() {
        requireUsable();
        if (state == State.IDLE) {
            producer.beginTransaction();
            state = State.OPEN;
        }
    }

    private void reset() {
        state = State.IDLE;
        staged = 0;
        sendFailure.set(null);
    }

    private void requireUsable() {
        if (state == State.FAILED || state == State.CLOSED) {
            throw new IllegalStateException("publisher " + transactionalId + " is " + state);
        }
    }
}
