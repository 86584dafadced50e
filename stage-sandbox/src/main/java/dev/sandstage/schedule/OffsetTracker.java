package dev.sandstage.schedule;

import dev.sandstage.schedule.internal.PartitionProgress;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Computes which consumer offsets may be committed: per partition, only over the contiguous prefix
 * of finished records, so a crash never skips a record that had not finished. Records may finish
 * out of order (different sessions run concurrently); the commit point waits for the oldest.
 *
 * <p>The offset to commit follows Kafka's meaning, "the next record to read": it is the first
 * seen offset that has not finished, or one past the last seen offset when all have finished.
 * Offsets the consumer never sees (transaction markers, aborted records) are skipped naturally,
 * because only the order of <em>seen</em> offsets matters. The commit point never moves backwards.
 *
 * <p>Memory: one entry per seen-but-not-yet-passed record, bounded by the scheduler's buffer.
 *
 * <p>Threads: not thread-safe; only the consumer's owning thread calls it. The expected cycle is
 * {@link #seen} as records are polled, {@link #finished} when their output is staged in the
 * transaction, {@link #committable()} to build {@code sendOffsetsToTransaction}, and
 * {@link #committed} once the transaction committed.
 */
public final class OffsetTracker {

    private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();

    /**
     * Records that the consumer read this offset. Offsets of a partition must increase; after a
     * seek back, {@link #forget} the partition first.
     */
    public void seen(TopicPartition partition, long offset) {
        partitions.computeIfAbsent(partition, p -> new PartitionProgress(p)).seen(offset);
    }

    /**
     * Marks a seen offset finished.
     *
     * @return false when the partition is no longer tracked (revoked while the record ran)
     * @throws IllegalStateException if the offset was never seen on a tracked partition
     */
    public boolean finished(TopicPartition partition, long offset) {
        PartitionProgress progress = partitions.get(partition);
        if (progress == null) {
            return false;
        }
        progress.finished(offset);
        return true;
    }

    /**
     * The offsets to send with the next transaction: for each partition whose commit point moved
     * past what was last {@linkplain #committed committed}, the next offset to read.
     */
    public Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        partitions.forEach((tp, progress) -> progress.uncommittedPoint()
                .ifPresent(next -> out.put(tp, new OffsetAndMetadata(next))));
        return out;
    }

    /** Records that these offsets are committed, so {@link #committable()} stops returning them. */
    public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, om) -> {
            PartitionProgress progress = partitions.get(tp);
            if (progress != null) {
                progress.committed(om.offset());
            }
        });
    }

    /** Stops tracking partitions (revoked, or about to be re-read after a seek). */
    public void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    /** Seen offsets not yet finished, over every partition; for metrics and draining. */
    public int pending() {
        return partitions.values().stream().mapToInt(PartitionProgress::pending).sum();
    }
}
