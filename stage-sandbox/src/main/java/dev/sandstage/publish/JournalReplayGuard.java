package dev.sandstage.publish;

import dev.sandstage.verify.ReplayGuard;

import dev.sandstage.publish.internal.RecentIds;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link ReplayGuard} over the execution journal: a decision id counts as seen once the journal
 * recorded it FINISHED (committed with its result). A STARTED-only id is not a replay: after a crash
 * an idempotent decision is re-read and must run again, and a non-idempotent one is answered
 * INTERRUPTED by recovery. Filled by {@link #load} after each {@link ExecutionJournal#recover}
 * and by {@link #record} as this instance finishes decisions.
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

    /** Remembers that this instance finished a decision from {@code sourcePartition}. */
    public synchronized void record(int sourcePartition, String decisionId) {
        recordLocked(sourcePartition, decisionId);
    }

    @Override
    public synchronized boolean seen(String decisionId) {
        for (RecentIds ids : byPartition.values()) {
            if (ids.contains(decisionId)) {
                return true;
            }
        }
        return false;
    }

    /** Ids remembered, over all partitions; for metrics. */
    public synchronized int size() {
        return byPartition.values().stream().mapToInt(RecentIds::size).sum();
    }

    private void recordLocked(int partition, String id) {
        byPartition.computeIfAbsent(partition, p -> new RecentIds(idsPerPartition)).add(id);
    }
}
