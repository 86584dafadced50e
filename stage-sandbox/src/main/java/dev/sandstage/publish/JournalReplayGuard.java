package dev.sandstage.publish;

import dev.sandstage.verify.ReplayGuard;

import dev.sandstage.publish.internal.RecentIds;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ReplayGuard} over the execution journal: a decision id counts as seen once the journal
 * recorded it FINISHED (committed with its result). A STARTED-only id is not a replay: after a crash
 * an idempotent decision is re-read and must run again, and a non-idempotent one is answered
 * INTERRUPTED by recovery. Filled by {@link #load} after each {@link ExecutionJournal#recover}
 * and by {@link #record} as this instance finishes decisions.
 *
 * <p>In flight: a decision this instance accepted and has not finished yet is {@linkplain #claim
 * claimed}, so a second copy of it that arrives meanwhile is a replay too, instead of running
 * twice. A claim ends when the decision is recorded finished, or when its partition is
 * {@linkplain #release released} (revoked: the new owner re-reads and answers it).
 *
 * <p>Bound: remembers the last {@code idsPerPartition} ids per journal partition (default
 * {@link ExecutionJournal#RECENT_IDS_PER_PARTITION}); older ids are forgotten, so a replay older
 * than that many executions on its partition must be caught by the decision's expiry check.
 * Ids of revoked partitions stay until evicted; that keeps a decision replayed to another
 * partition caught too.
 *
 * <p>Threads: thread-safe (one lock); the consumer's owning thread both records and asks.
 */
public final class JournalReplayGuard implements ReplayGuard {

    private final int idsPerPartition;
    private final Map<Integer, RecentIds> byPartition = new HashMap<>();
    private final Map<Integer, Set<String>> inFlight = new HashMap<>();

    public JournalReplayGuard() {
        this(ExecutionJournal.RECENT_IDS_PER_PARTITION);
    }

    public JournalReplayGuard(int idsPerPartition) {
        this.idsPerPartition = idsPerPartition;
    }

    /** Adds every id a recovery pass found. */
    public synchronized void load(JournalRecovery recovery) {
        recovery.executedIds().forEach((partition, ids) -> ids.forEach(id -> recordLocked(partition, id)));
    }

    /** Remembers that this instance finished a decision from {@code sourcePartition}; ends its claim. */
    public synchronized void record(int sourcePartition, String decisionId) {
        recordLocked(sourcePartition, decisionId);
        Set<String> claimed = inFlight.get(sourcePartition);
        if (claimed != null) {
            claimed.remove(decisionId);
        }
    }

    /** Marks a decision read from {@code sourcePartition} as accepted and not yet finished. */
    public synchronized void claim(int sourcePartition, String decisionId) {
        inFlight.computeIfAbsent(sourcePartition, p -> new HashSet<>()).add(decisionId);
    }

    /** Ends the claims of decisions from partitions this instance no longer owns. */
    public synchronized void release(Collection<Integer> sourcePartitions) {
        sourcePartitions.forEach(inFlight::remove);
    }

    /** True when the decision finished here or in the journal, or is in flight here. */
    @Override
    public synchronized boolean seen(String decisionId) {
        for (RecentIds ids : byPartition.values()) {
            if (ids.contains(decisionId)) {
                return true;
            }
        }
        for (Set<String> claimed : inFlight.values()) {
            if (claimed.contains(decisionId)) {
                return true;
            }
        }
        return false;
    }

    /** Decisions claimed and not finished, over all partitions; for metrics and tests. */
    public synchronized int inFlight() {
        return inFlight.values().stream().mapToInt(Set::size).sum();
    }

    /** Ids remembered, over all partitions; for metrics. */
    public synchronized int size() {
        return byPartition.values().stream().mapToInt(RecentIds::size).sum();
    }

    private void recordLocked(int partition, String id) {
        byPartition.computeIfAbsent(partition, p -> new RecentIds(idsPerPartition)).add(id);
    }
}
