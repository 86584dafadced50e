package dev.sandstage.publish;

import dev.sandstage.error.SandstageException;
import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.error.SandstageRetriableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits off the consumer's thread: the consumer stages records into a batch and
 * {@linkplain #seal seals} it with the offsets it covers; a committer thread
 * ({@value #THREAD_NAME}) writes each transaction through the {@link TransactionalPublisher}.
 * While one transaction commits, everything sealed meanwhile waits and then goes out as one
 * transaction (group commit): at low load every finished call commits at once, under load the
 * number of transactions stays bounded by the commit latency instead of the call rate, and the
 * consumer never blocks on the broker.
 *
 * <p>Exactly-once is unchanged: a transaction carries the records of the batches it merges and
 * the highest sealed offset of each partition, so records and offsets still become visible
 * together or not at all, in seal order. A transaction that cannot be committed (aborted after
 * {@value #COMMIT_ATTEMPTS} attempts, fenced) fails the publisher for good: the batches it held are
 * lost to this process and the stage must stop, so that a restart re-reads them from the last
 * committed offsets. {@link #failure()} reports it and every later call throws it.
 *
 * <p>Rebalances: offsets are sent with the group metadata captured at seal time, so a batch must be
 * committed before the consumer's generation changes; the consumer {@linkplain #flush flushes} in
 * its revocation callback (and before it stops).
 *
 * <p>Threads: {@link #stage}, {@link #seal}, {@link #flush}, {@link #staged} and {@link #backlogBytes}
 * are for the consumer's owning thread only; the committer thread calls the
 * {@code TransactionalPublisher} and the commit listener; {@link #failure()} and {@link #close()}
 * may be called from any thread.
 */
public final class PipelinedPublisher implements AutoCloseable {

    /** The committer thread's name. */
    public static final String THREAD_NAME = "sandstage-commit";

    private static final Logger LOG = LoggerFactory.getLogger(PipelinedPublisher.class);
    private static final int COMMIT_ATTEMPTS = 3;

    /** Records and offsets that commit together, as sealed by the consumer. */
    private record Batch(List<ProducerRecord<byte[], byte[]>> records, Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata group, long bytes) {
    }

    private final TransactionalPublisher publisher;
    private final Consumer<CommitReceipt> onCommit;
    private final Runnable onFailure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition sealedOrClosed = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final ArrayDeque<Batch> sealed = new ArrayDeque<>();
    private final Thread committer;
    private List<ProducerRecord<byte[], byte[]>> open = new ArrayList<>();
    /** Bytes (keys and values) sealed and not yet committed, the transaction in flight included; guarded by lock. */
    private long backlogBytes;
    private long openBytes;
    private boolean committing;
    private boolean closed;
    private volatile SandstageException failure;

    /**
     * Starts the committer thread.
     *
     * @param publisher the transactional publisher; from now on only the committer thread uses it
     * @param onCommit  called on the committer thread after each committed transaction (metrics)
     * @param onFailure called on the committer thread once, when the publisher failed for good (wake the consumer)
     */
    public PipelinedPublisher(TransactionalPublisher publisher, Consumer<CommitReceipt> onCommit, Runnable onFailure) {
        this.publisher = publisher;
        this.onCommit = onCommit;
        this.onFailure = onFailure;
        this.committer = Thread.ofPlatform().name(THREAD_NAME).daemon(true).unstarted(this::commitLoop);
        committer.start();
    }

    /** Adds a record to the batch being built; nothing is sent before the batch is sealed. */
    public void stage(ProducerRecord<byte[], byte[]> record) {
        throwIfFailed();
        open.add(record);
        openBytes += size(record);
    }

    /** Records staged since the last seal. */
    public int staged() {
        return open.size();
    }

    /**
     * Hands the staged records and the offsets they complete to the committer; returns at once.
     * Does nothing when both are empty.
     */
    public void seal(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        throwIfFailed();
        if (open.isEmpty() && offsets.isEmpty()) {
            return;
        }
        Batch batch = new Batch(open, Map.copyOf(offsets), group, openBytes);
        open = new ArrayList<>();
        openBytes = 0;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("publisher " + publisher.transactionalId() + " is closed");
            }
            sealed.add(batch);
            backlogBytes += batch.bytes();
            sealedOrClosed.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Seals what is staged (with {@code offsets}) and waits until everything sealed so far is
     * committed.
     *
     * @throws SandstageFatalException when a commit failed, or nothing committed within {@code timeout}
     */
    public void flush(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group, Duration timeout) {
        seal(offsets, group);
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while ((!sealed.isEmpty() || committing) && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SandstageFatalException("pending transactions were not committed in time",
                            Map.of("transactional_id", publisher.transactionalId(), "timeout", timeout.toString()));
                }
                drained.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandstageFatalException("interrupted while flushing transactions",
                    Map.of("transactional_id", publisher.transactionalId()), e);
        } finally {
            lock.unlock();
        }
        throwIfFailed();
    }

    /** Bytes sealed but not yet committed (the transaction in flight included); for backpressure. */
    public long backlogBytes() {
        lock.lock();
        try {
            return backlogBytes;
        } finally {
            lock.unlock();
        }
    }

    /** True while sealed batches wait or a transaction is in flight. */
    public boolean busy() {
        lock.lock();
        try {
            return committing || !sealed.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** The failure that stopped the committer, or null while it works. */
    public SandstageException failure() {
        return failure;
    }

    /** Stops the committer thread; what is sealed and not committed is abandoned (flush first). */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            sealedOrClosed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            committer.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void commitLoop() {
        while (true) {
            Batch merged = takeMerged();
            if (merged == null) {
                return;
            }
            try {
                CommitReceipt receipt = commit(merged);
                onCommit.accept(receipt);
            } catch (RuntimeException e) {
                fail(e);
                return;
            } finally {
                lock.lock();
                try {
                    committing = false;
                    backlogBytes -= merged.bytes();
                    drained.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Waits for sealed batches and merges all of them; null once closed with nothing sealed. */
    private Batch takeMerged() {
        lock.lock();
        try {
            while (sealed.isEmpty()) {
                if (closed) {
                    return null;
                }
                sealedOrClosed.awaitUninterruptibly();
            }
            committing = true;
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            ConsumerGroupMetadata group = null;
            long bytes = 0;
            Batch b;
            while ((b = sealed.poll()) != null) {
                records.addAll(b.records());
                offsets.putAll(b.offsets());
                group = b.offsets().isEmpty() ? group : b.group();
                bytes += b.bytes();
            }
            return new Batch(records, offsets, group, bytes);
        } finally {
            lock.unlock();
        }
    }

    private CommitReceipt commit(Batch batch) {
        for (ProducerRecord<byte[], byte[]> r : batch.records()) {
            publisher.stage(r);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return publisher.commit(batch.offsets(), batch.group());
            } catch (SandstageRetriableException e) {
                if (!publisher.inTransaction() || attempt >= COMMIT_ATTEMPTS) {
                    // An aborted transaction lost its records; only a restart re-reads their inputs.
                    throw new SandstageFatalException("transaction could not be committed",
                            Map.of("transactional_id", publisher.transactionalId(), "attempts", attempt,
                                    "records", batch.records().size()), e);
                }
                LOG.warn("commit timed out (attempt {}), retrying: {}", attempt, e.getMessage());
            }
        }
    }

    private static long size(ProducerRecord<byte[], byte[]> r) {
        return (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
    }

    private void fail(RuntimeException e) {
        SandstageException f = e instanceof SandstageException se ? se
                : new SandstageFatalException("committer failed", Map.of("transactional_id", publisher.transactionalId()), e);
        LOG.error("transactions stopped: {}", f.getMessage(), f);
        lock.lock();
        try {
            failure = f;
            drained.signalAll();
        } finally {
            lock.unlock();
        }
        onFailure.run();
    }

    private void throwIfFailed() {
        SandstageException f = failure;
        if (f != null) {
            throw new SandstageFatalException("an earlier transaction failed; the stage must restart",
                    Map.of("transactional_id", publisher.transactionalId()), f);
        }
    }
}
