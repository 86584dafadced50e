package dev.sandstage.schedule.internal;

import dev.sandstage.schedule.ScheduledItem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Per-key FIFO queues plus the set of keys whose head may start, for
 * {@link dev.sandstage.schedule.KeyedScheduler}. Not thread-safe; same owner as the scheduler.
 */
public final class KeyQueues<P> {

    /** Includes the partition so a null key orders per partition; a real key maps to one partition anyway. */
    private record Slot(TopicPartition partition, String key) {
    }

    private final Map<Slot, ArrayDeque<ScheduledItem<P>>> waiting = new HashMap<>();
    private final Set<Slot> running = new HashSet<>();
    /** Keys with a waiting head and nothing running, in the order they became ready. */
    private final LinkedHashSet<Slot> ready = new LinkedHashSet<>();
    private int size;

    public void add(ScheduledItem<P> item) {
        Slot slot = slotOf(item);
        waiting.computeIfAbsent(slot, s -> new ArrayDeque<>()).addLast(item);
        size++;
        if (!running.contains(slot)) {
            ready.add(slot);
        }
    }

    public Optional<ScheduledItem<P>> takeReady() {
        Iterator<Slot> it = ready.iterator();
        if (!it.hasNext()) {
            return Optional.empty();
        }
        Slot slot = it.next();
        it.remove();
        ArrayDeque<ScheduledItem<P>> queue = waiting.get(slot);
        ScheduledItem<P> item = queue.pollFirst();
        if (queue.isEmpty()) {
            waiting.remove(slot);
        }
        size--;
        running.add(slot);
        return Optional.of(item);
    }

    public void release(ScheduledItem<P> item) {
        Slot slot = slotOf(item);
        if (!running.remove(slot)) {
            throw new IllegalStateException("not in flight: " + item.partition() + "@" + item.offset() + " key=" + item.key());
        }
        if (waiting.containsKey(slot)) {
            ready.add(slot);
        }
    }

    public List<ScheduledItem<P>> removePartitions(Collection<TopicPartition> partitions) {
        Set<TopicPartition> revoked = new HashSet<>(partitions);
        List<ScheduledItem<P>> dropped = new ArrayList<>();
        Iterator<Map.Entry<Slot, ArrayDeque<ScheduledItem<P>>>> it = waiting.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Slot, ArrayDeque<ScheduledItem<P>>> entry = it.next();
            if (revoked.contains(entry.getKey().partition())) {
                dropped.addAll(entry.getValue());
                size -= entry.getValue().size();
                ready.remove(entry.getKey());
                it.remove();
            }
        }
        return dropped;
    }

    public int size() {
        return size;
    }

    private Slot slotOf(ScheduledItem<P> item) {
        return new Slot(item.partition(), item.key());
    }
}
