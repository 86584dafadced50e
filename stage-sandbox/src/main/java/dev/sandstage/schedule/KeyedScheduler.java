package dev.sandstage.schedule;

import dev.sandstage.schedule.internal.KeyQueues;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides which consumed records may run now. Records with the same key (session id) run one at a
 * time in the order they were offered (offset order, since the consumer offers them as polled);
 * records with different keys run concurrently, at most {@code maxInFlight} at once. Keys become
 * runnable in the order they were first waiting, so a busy session cannot starve the others.
 *
 * <p>Backpressure: {@link #shouldPause()} turns true when buffered plus in-flight records reach
 * {@code pauseAt}; {@link #shouldResume()} turns true only once they fall below
 * {@code resumeBelow}, so the consumer does not flap. Memory therefore stays within
 * {@code pauseAt} plus one poll's worth of records ({@code max.poll.records}), whatever the backlog.
 * Records without a key are ordered per partition, as if the partition were their key.
 *
 * <p>Threads: not thread-safe. Only the consumer's owning thread (its Vert.x worker context) calls
 * it; executor threads report completion by hopping back to that context before calling
 * {@link #complete(ScheduledItem)}.
 */
public final class KeyedScheduler<P> {

    private final int maxInFlight;
    private final int pauseAt;
    private final int resumeBelow;
    private final KeyQueues<P> queues = new KeyQueues<>();
    private int inFlight;

    /**
     * @param maxInFlight most records running at once, at least 1 (the pool's capacity)
     * @param pauseAt     buffered + in-flight count at which partitions should pause, at least maxInFlight
     * @param resumeBelow count under which paused partitions should resume, in [1, pauseAt]
     */
    public KeyedScheduler(int maxInFlight, int pauseAt, int resumeBelow) {
        if (maxInFlight < 1 || pauseAt < maxInFlight || resumeBelow < 1 || resumeBelow > pauseAt) {
            throw new IllegalArgumentException("need 1 <= maxInFlight <= pauseAt and 1 <= resumeBelow <= pauseAt, got maxInFlight="
                    + maxInFlight + ", pauseAt=" + pauseAt + ", resumeBelow=" + resumeBelow);
        }
        this.maxInFlight = maxInFlight;
        this.pauseAt = pauseAt;
        this.resumeBelow = resumeBelow;
    }

    /** Queues a record behind earlier records of its key. Offsets of one partition must be offered in order. */
    public void offer(TopicPartition partition, long offset, String key, P payload) {
        queues.add(new ScheduledItem<>(partition, offset, key, payload));
    }

    /**
     * The next record that may start, marking it in flight; empty when capacity is full or every
     * waiting key already has a record running.
     */
    public Optional<ScheduledItem<P>> nextRunnable() {
        if (inFlight >= maxInFlight) {
            return Optional.empty();
        }
        Optional<ScheduledItem<P>> next = queues.takeReady();
        next.ifPresent(item -> inFlight++);
        return next;
    }

    /** Every record that may start now, in hand-out order; each is marked in flight. */
    public List<ScheduledItem<P>> drainRunnable() {
        List<ScheduledItem<P>> out = new ArrayList<>();
        for (Optional<ScheduledItem<P>> next = nextRunnable(); next.isPresent(); next = nextRunnable()) {
            out.add(next.get());
        }
        return out;
    }

    /**
     * Marks a handed-out record done, letting the next record of its key become runnable. Also
     * valid for records of partitions revoked while they ran.
     *
     * @throws IllegalStateException if the item is not in flight
     */
    public void complete(ScheduledItem<P> item) {
        queues.release(item);
        inFlight--;
    }

    /**
     * Drops the waiting records of revoked partitions; records already running stay in flight and
     * must still be {@linkplain #complete completed}.
     *
     * @return the dropped records, in offer order per key
     */
    public List<ScheduledItem<P>> revoke(Collection<TopicPartition> partitions) {
        return queues.removePartitions(partitions);
    }

    /** True when the consumer should pause its partitions: the buffer is full. */
    public boolean shouldPause() {
        return load() >= pauseAt;
    }

    /** True when paused partitions may resume: the buffer drained below the low-water mark. */
    public boolean shouldResume() {
        return load() < resumeBelow;
    }

    /** Records waiting, not yet handed out. */
    public int buffered() {
        return queues.size();
    }

    /** Records handed out and not yet completed. */
    public int inFlight() {
        return inFlight;
    }

    /** True when nothing waits and nothing runs; {@code stop()} drains until this holds. */
    public boolean isIdle() {
        return load() == 0;
    }

    private int load() {
        return queues.size() + inFlight;
    }
}
