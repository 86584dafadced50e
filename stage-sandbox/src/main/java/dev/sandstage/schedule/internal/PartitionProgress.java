package dev.sandstage.schedule.internal;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Seen and finished offsets of one partition for {@link dev.sandstage.schedule.OffsetTracker}.
 * Keeps only offsets at or after the commit point. Not thread-safe; the tracker's owner only.
 */
public final class PartitionProgress {

    private final TopicPartition partition;
    /** Seen offsets past the finished prefix, mapped to whether each has finished. */
    private final TreeMap<Long, Boolean> open = new TreeMap<>();
    private long lastSeen = -1;
    /** Next offset to read once the finished prefix is passed; -1 before anything finished. */
    private long point = -1;
    private long committed = -1;

    public PartitionProgress(TopicPartition partition) {
        this.partition = partition;
    }

    public void seen(long offset) {
        if (offset <= lastSeen) {
            throw new IllegalArgumentException("offset " + offset + " of " + partition
                    + " seen after " + lastSeen + "; forget the partition before seeking back");
        }
        lastSeen = offset;
        open.put(offset, Boolean.FALSE);
    }

    public void finished(long offset) {
        if (!open.containsKey(offset)) {
            if (offset < firstOpenOrNext() && offset <= lastSeen) {
                return; // already passed: a duplicate completion changes nothing
            }
            throw new IllegalStateException("offset " + offset + " of " + partition + " finished but never seen");
        }
        open.put(offset, Boolean.TRUE);
        advance();
    }

    private void advance() {
        boolean moved = false;
        while (!open.isEmpty() && open.firstEntry().getValue()) {
            open.pollFirstEntry();
            moved = true;
        }
        if (moved) {
            // Commit the first unfinished seen offset, which skips markers between the two.
            point = open.isEmpty() ? lastSeen + 1 : open.firstKey();
        }
    }

    private long firstOpenOrNext() {
        Map.Entry<Long, Boolean> first = open.firstEntry();
        return first == null ? lastSeen + 1 : first.getKey();
    }

    public OptionalLong uncommittedPoint() {
        return point > committed ? OptionalLong.of(point) : OptionalLong.empty();
    }

    public void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    public int pending() {
        return open.size();
    }
}
