package dev.sandstage.publish;

import dev.sandstage.events.ExecutionJournalEntry;
import java.util.List;
import java.util.Map;

/**
 * What {@link ExecutionJournal#recover} found in the journal partitions of newly assigned
 * decision partitions. Immutable.
 *
 * @param interrupted  STARTED entries with no committed FINISHED entry, in journal order: the
 *                     previous owner crashed while (or before) running them. Non-idempotent ones
 *                     must be answered INTERRUPTED (audit RECOVERED_AFTER_CRASH), never run again.
 * @param executedIds  per journal partition, the most recent decision ids FINISHED
 *                     there, not those only STARTED (at most {@link ExecutionJournal#RECENT_IDS_PER_PARTITION} each, oldest
 *                     first), for the {@link JournalReplayGuard}
 * @param endOffsets   per journal partition, the offset up to which the journal was read
 */
public record JournalRecovery(List<ExecutionJournalEntry> interrupted,
                              Map<Integer, List<String>> executedIds,
                              Map<Integer, Long> endOffsets) {

    public JournalRecovery {
        interrupted = List.copyOf(interrupted);
        executedIds = Map.copyOf(executedIds);
        endOffsets = Map.copyOf(endOffsets);
    }
}
