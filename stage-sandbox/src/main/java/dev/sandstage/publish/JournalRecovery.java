package dev.sandstage.publish;

import dev.sandstage.events.ExecutionJournalEntry;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
 * @param answered     per decisions partition, the source offsets of the most recent FINISHED
 *                     entries (at most {@link ExecutionJournal#RECENT_IDS_PER_PARTITION} each) with
 *                     their decision ids: those records already have their committed result, even
 *                     where the consumer offset stayed below them (offsets advance only over a
 *                     contiguous prefix), so a new owner re-reading them must skip them, not
 *                     answer them a second time
 */
public record JournalRecovery(List<ExecutionJournalEntry> interrupted,
                              Map<Integer, List<String>> executedIds,
                              Map<Integer, Long> endOffsets,
                              Map<Integer, Map<Long, String>> answered) {

    public JournalRecovery {
        interrupted = List.copyOf(interrupted);
        executedIds = Map.copyOf(executedIds);
        endOffsets = Map.copyOf(endOffsets);
        answered = answered.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
    }

    /** A recovery that found no answered records beyond what the replay guard needs. */
    public JournalRecovery(List<ExecutionJournalEntry> interrupted, Map<Integer, List<String>> executedIds,
                           Map<Integer, Long> endOffsets) {
        this(interrupted, executedIds, endOffsets, Map.of());
    }
}
