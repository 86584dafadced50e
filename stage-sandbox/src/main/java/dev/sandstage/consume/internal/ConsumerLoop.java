package dev.sandstage.consume.internal;

import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.events.ExecutionJournalEntry;
import dev.sandstage.http.StageMetrics;
import dev.sandstage.pool.PoolEvent;
import dev.sandstage.publish.JournalReplayGuard;
import dev.sandstage.publish.PipelinedPublisher;
import dev.sandstage.schedule.KeyedScheduler;
import dev.sandstage.schedule.OffsetTracker;
import dev.sandstage.schedule.ScheduledItem;
import dev.sandstage.verify.DecisionVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One iteration at a time of the decision pipeline: poll, decode, verify, schedule, hand runnable
 * calls to the executor, stage what finished, seal it with its offsets for the committer, pause or
 * resume.
 *
 * <p>Threads: every method except {@link #complete} runs on the
 * consumer's owning thread (the {@code sandstage-consumer} worker), including the rebalance
 * callbacks, which Kafka runs inside {@code poll}. Executor threads only queue a
 * {@link Completion} and wake the consumer; pool threads only add to the pool-event queue; the
 * {@link PipelinedPublisher}'s committer thread commits what this loop sealed and wakes the
 * consumer when it fails.
 */
public final class ConsumerLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    /**
     * Sealed bytes waiting for the committer beyond which the consumer stops reading: a broker that
     * stalls must not let finished results (each up to two capped output streams) pile up in the heap.
     */
    private static final long MAX_COMMIT_BACKLOG_BYTES = 32L << 20;
    private static final Duration FLUSH_TIMEOUT = Duration.ofMinutes(1);

    private final Consumer<byte[], byte[]> consumer;
    private final Intake intake;
    private final KeyedScheduler<PendingCall> scheduler;
    private final OffsetTracker offsets;
    private final OutputStager out;
    private final PipelinedPublisher publisher;
    private final CallRunner runner;
    private final ExecutorService executor;
    private final StageMetrics metrics;
    private final Clock clock;
    private final Duration idlePoll;
    private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final Queue<PoolEvent> poolEvents;
    private final Set<ScheduledItem<PendingCall>> running = new HashSet<>();
    private final Set<ScheduledItem<PendingCall>> abandoned = new HashSet<>();
    final Set<TopicPartition> assigned = new HashSet<>();
    private final Duration receiptsMaxDelay;
    private final ConsumerLag lag = new ConsumerLag();
    private long lastCommitNanos = System.nanoTime();
    private boolean paused;

    public ConsumerLoop(Consumer<byte[], byte[]> consumer, DecisionVerifier verifier, JournalReplayGuard replays,
            KeyedScheduler<PendingCall> scheduler, OutputStager out, PipelinedPublisher publisher,
            CallRunner runner, ExecutorService executor, StageMetrics metrics, Clock clock, Duration idlePoll,
            Duration receiptsMaxDelay, Queue<PoolEvent> poolEvents) {
        this.receiptsMaxDelay = receiptsMaxDelay;
        this.poolEvents = poolEvents;
        this.consumer = consumer;
        this.scheduler = scheduler;
        this.offsets = new OffsetTracker();
        this.intake = new Intake(verifier, replays, scheduler, offsets, out, metrics, clock);
        this.out = out;
        this.publisher = publisher;
        this.runner = runner;
        this.executor = executor;
        this.metrics = metrics;
        this.clock = clock;
        this.idlePoll = idlePoll;
    }

    /** One iteration: finished calls, new records (unless draining), dispatch, commit, pause/resume. */
    public void iterate(boolean draining) {
        if (publisher.failure() != null) {
            throw new SandstageFatalException("the committer failed; the stage must restart", Map.of(),
                    publisher.failure());
        }
        drainCompletions();
        Duration timeout = running.isEmpty() && publisher.staged() == 0 ? idlePoll : Duration.ofMillis(5);
        try {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
                if (!draining) {
                    intake.accept(record);
                }
            }
        } catch (WakeupException woken) {
            // An executor finished a call; its completion is drained next.
        }
        drainCompletions();
        if (!draining) {
            dispatch();
        }
        PoolEvent event;
        while ((event = poolEvents.poll()) != null) {
            out.sandbox(event);
        }
        Map<TopicPartition, OffsetAndMetadata> committable = offsets.committable();
        if (commitDue(committable)) {
            seal(committable);
        }
        if (!draining) {
            adjustPause();
        }
        lag.measure(consumer);
    }

    /** Records behind the end of the assigned partitions, as of the last fetch; any thread may read it. */
    public long lag() {
        return lag.get();
    }

    /**
     * A finished decision is sealed at once (its result must be visible within milliseconds); a
     * batch holding only receipts (DECISION_RECEIVED, EXECUTION_STARTED) waits for the next result
     * or at most {@code stage.commit-interval}, so a call costs one transaction instead of two.
     */
    private boolean commitDue(Map<TopicPartition, OffsetAndMetadata> committable) {
        if (!committable.isEmpty()) {
            return true;
        }
        if (publisher.staged() == 0) {
            return false;
        }
        return running.isEmpty() || System.nanoTime() - lastCommitNanos >= receiptsMaxDelay.toNanos();
    }

    /** Called by executor threads when a call ended. */
    public void complete(Completion completion) {
        completions.add(completion);
        consumer.wakeup();
    }

    /** Stops taking work: pauses everything and drops records not yet started (they are re-read later). */
    public void beginDrain() {
        consumer.pause(consumer.assignment());
        paused = true;
        scheduler.revoke(Set.copyOf(assigned));
    }

    /** Calls still running. */
    public int running() {
        return running.size();
    }

    /** Answers every still-running call {@code INTERRUPTED} and commits; their late completions are ignored. */
    public void interruptRunning(String why) {
        for (ScheduledItem<PendingCall> item : running) {
            if (assigned.contains(item.partition())) {
                out.interrupted(item.payload(), why);
                offsets.finished(item.partition(), item.offset());
            }
            abandoned.add(item);
        }
        running.clear();
        commit();
    }

    private void dispatch() {
        for (ScheduledItem<PendingCall> item : scheduler.drainRunnable()) {
            running.add(item);
            out.started(item.payload());
            metrics.queueWait(Duration.between(item.payload().queuedAt(), clock.instant()));
            try {
                executor.execute(() -> {
                    try (var mdc = Mdc.of(item.payload().decision(), item.payload().headers())) {
                        complete(new Completion(item, runner.run(item.payload())));
                    }
                });
            } catch (RejectedExecutionException e) {
                complete(new Completion(item, CallOutcome.interrupted("the stage is stopping", clock.instant())));
            }
        }
    }

    private void drainCompletions() {
        Completion c;
        while ((c = completions.poll()) != null) {
            handle(c);
        }
    }

    private void handle(Completion c) {
        ScheduledItem<PendingCall> item = c.item();
        scheduler.complete(item);
        if (abandoned.remove(item) || !running.remove(item)) {
            return;
        }
        if (!assigned.contains(item.partition())) {
            // Revoked while it ran: the new owner answers it, so writing a result here would duplicate it.
            LOG.info("dropping the result of {}@{}: partition revoked", item.partition(), item.offset());
            return;
        }
        try (var mdc = Mdc.of(item.payload().decision(), item.payload().headers())) {
            out.finished(item.payload(), c.outcome());
            metrics.execution(item.payload().tool().name(), c.outcome().status(),
                    c.outcome().startedAt() == null ? Duration.ZERO
                            : Duration.between(c.outcome().startedAt(), c.outcome().finishedAt()));
            intake.finish(item.partition(), item.offset(), "executed");
        }
    }

    /** Hands staged records and the offsets they complete to the committer; does not wait. */
    private void seal(Map<TopicPartition, OffsetAndMetadata> committable) {
        publisher.seal(committable, consumer.groupMetadata());
        handedOver(committable);
    }

    /**
     * Seals what is staged and waits until every sealed transaction is committed: before a
     * rebalance changes the group generation the offsets were sealed with, and before stopping.
     */
    void commit() {
        Map<TopicPartition, OffsetAndMetadata> committable = offsets.committable();
        publisher.flush(committable, consumer.groupMetadata(), FLUSH_TIMEOUT);
        handedOver(committable);
    }

    /** The offsets are the publisher's now: stop offering them, and restart the receipts' wait. */
    private void handedOver(Map<TopicPartition, OffsetAndMetadata> committable) {
        offsets.committed(committable);
        lastCommitNanos = System.nanoTime();
    }

    /** Pauses when the scheduler is full or the committer falls far behind; resumes when both eased. */
    private void adjustPause() {
        long backlog = publisher.backlogBytes();
        if (!paused && (scheduler.shouldPause() || backlog > MAX_COMMIT_BACKLOG_BYTES)) {
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (paused && scheduler.shouldResume() && backlog <= MAX_COMMIT_BACKLOG_BYTES / 2) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    /** Remembers an unfinished non-idempotent call of a previous owner, answered INTERRUPTED when re-read. */
    void interrupted(TopicPartition source, ExecutionJournalEntry entry) {
        intake.interrupted(source, entry);
    }

    /**
     * Remembers which records of a newly assigned partition a previous owner already answered
     * (offset to decision id, from the journal's committed FINISHED entries), keeping those at or
     * past the position the consumer resumes from; blocks for the committed offset like
     * {@code position}.
     */
    void answered(TopicPartition partition, Map<Long, String> finished) {
        if (finished.isEmpty()) {
            return;
        }
        long from = consumer.position(partition);
        Map<Long, String> ahead = new HashMap<>();
        finished.forEach((offset, decisionId) -> {
            if (offset >= from) {
                ahead.put(offset, decisionId);
            }
        });
        if (!ahead.isEmpty()) {
            LOG.info("{}: {} record(s) past offset {} already answered by the previous owner; passing over them",
                    partition, ahead.size(), from);
            intake.answered(partition, ahead);
        }
    }

    /** Newly assigned partitions join the pause when the consumer is paused. */
    void pauseIfPaused(Set<TopicPartition> partitions) {
        if (paused) {
            consumer.pause(partitions);
        }
    }

    /** Drops waiting records of revoked partitions and waits (bounded) for their running calls. */
    void revoke(Set<TopicPartition> partitions, Duration wait) {
        scheduler.revoke(partitions);
        long deadline = System.nanoTime() + wait.toNanos();
        while (running.stream().anyMatch(i -> partitions.contains(i.partition())) && System.nanoTime() < deadline) {
            try {
                Completion c = completions.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (c != null) {
                    handle(c);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        commit();
    }

    /** Stops tracking partitions (after revoke, or lost without a chance to commit). */
    void forget(Set<TopicPartition> partitions) {
        scheduler.revoke(partitions);
        offsets.forget(partitions);
        assigned.removeAll(partitions);
        intake.forget(partitions);
    }
}
