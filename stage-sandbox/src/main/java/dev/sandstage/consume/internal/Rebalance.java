package dev.sandstage.consume.internal;

import dev.sandstage.error.SandstageRetriableException;
import dev.sandstage.events.ExecutionJournalEntry;
import dev.sandstage.publish.ExecutionJournal;
import dev.sandstage.publish.JournalRecovery;
import dev.sandstage.publish.JournalReplayGuard;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's rebalance callbacks. On assignment it reads the journal partitions of the new
 * partitions: FINISHED ids load the replay guard, and STARTED-but-unfinished non-idempotent calls
 * are remembered by (partition, offset) so that, when the consumer re-reads them, they are answered
 * {@code INTERRUPTED} instead of run again, and records past the resume position whose FINISHED
 * entry is committed are passed over when re-read (see {@link Intake}). On revocation it stops
 * handing out their records, waits (bounded) for their running calls, commits, and forgets them.
 *
 * <p>Threads: Kafka calls it inside {@code poll}, on the consumer's owning thread.
 */
public final class Rebalance implements ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(Rebalance.class);
    private static final int RECOVERY_ATTEMPTS = 3;

    private final ConsumerLoop loop;
    private final ExecutionJournal journal;
    private final JournalReplayGuard replays;
    private final Duration recoveryTimeout;
    private final Duration revokeWait;
    private final Promise<Void> firstAssignment;

    public Rebalance(ConsumerLoop loop, ExecutionJournal journal, JournalReplayGuard replays,
            Duration recoveryTimeout, Duration revokeWait, Promise<Void> firstAssignment) {
        this.loop = loop;
        this.journal = journal;
        this.replays = replays;
        this.recoveryTimeout = recoveryTimeout;
        this.revokeWait = revokeWait;
        this.firstAssignment = firstAssignment;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        JournalRecovery recovery = recover(partitions);
        replays.load(recovery);
        String topic = partitions.iterator().next().topic();
        for (ExecutionJournalEntry entry : recovery.interrupted()) {
            if (!entry.getIdempotent()) {
                loop.interrupted(new TopicPartition(topic, entry.getSourcePartition()), entry);
            }
        }
        for (TopicPartition tp : partitions) {
            loop.answered(tp, recovery.answered().getOrDefault(tp.partition(), Map.of()));
        }
        loop.assigned.addAll(partitions);
        loop.pauseIfPaused(Set.copyOf(partitions));
        LOG.info("assigned {}; {} interrupted call(s) to answer", partitions, recovery.interrupted().size());
        firstAssignment.tryComplete();
    }

    /**
     * Recovers the journal of {@code partitions}, trying again while the failure is retriable (a
     * broker that just created the journal topic may not answer in time). Kafka keeps the
     * partitions assigned even when this callback throws, so a failure that escaped silently
     * would leave the stage waiting for readiness forever: the first assignment is failed
     * instead, and the stage does not start.
     */
    private JournalRecovery recover(Collection<TopicPartition> partitions) {
        var numbers = partitions.stream().map(TopicPartition::partition).toList();
        for (int attempt = 1; ; attempt++) {
            try {
                return journal.recover(numbers, recoveryTimeout);
            } catch (SandstageRetriableException e) {
                if (attempt >= RECOVERY_ATTEMPTS) {
                    firstAssignment.tryFail(e);
                    throw e;
                }
                LOG.warn("journal recovery of {} failed (attempt {}), trying again: {}", partitions, attempt,
                        e.getMessage());
            } catch (RuntimeException e) {
                firstAssignment.tryFail(e);
                throw e;
            }
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Set<TopicPartition> revoked = Set.copyOf(partitions);
        loop.revoke(revoked, revokeWait);
        loop.forget(revoked);
        LOG.info("revoked {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        loop.forget(Set.copyOf(partitions));
        LOG.warn("lost {} without committing; the new owner re-reads them", partitions);
    }
}
