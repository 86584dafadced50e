package dev.sandstage.publish.internal;

import dev.sandstage.error.SandstageRetriableException;
import dev.sandstage.events.ExecutionJournalEntry;
import dev.sandstage.events.JournalState;
import dev.sandstage.publish.JournalRecovery;
import dev.sandstage.schema.EventCodec;
import dev.sandstage.schema.EventDecodeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recovery pass over journal partitions for {@link dev.sandstage.publish.ExecutionJournal}.
 * Uses its own short-lived consumers (no group, nothing committed). Runs on the calling thread.
 */
public final class JournalReader {

    private static final Logger LOG = LoggerFactory.getLogger(JournalReader.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final EventCodec<ExecutionJournalEntry> codec;
    private final int recentIds;

    public JournalReader(Map<String, Object> clientProperties, String topic,
                         EventCodec<ExecutionJournalEntry> codec, int recentIds) {
        this.clientProperties = clientProperties;
        this.topic = topic;
        this.codec = codec;
        this.recentIds = recentIds;
    }

    public JournalRecovery read(Collection<Integer> partitions, Duration timeout) {
        List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
        Map<TopicPartition, Long> ends = highWatermarks(tps, timeout);
        Map<Integer, LinkedHashMap<String, ExecutionJournalEntry>> started = new HashMap<>();
        Map<Integer, RecentIds> executed = new HashMap<>();
        Map<Integer, Map<Long, String>> answered = new HashMap<>();
        for (TopicPartition tp : tps) {
            started.put(tp.partition(), new LinkedHashMap<>());
            executed.put(tp.partition(), new RecentIds(recentIds));
            answered.put(tp.partition(), recentOffsets(recentIds));
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("read_committed")) {
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reachedEnd(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new SandstageRetriableException("journal not read to its end in time; an open transaction may still hold it",
                            Map.of("topic", topic, "partitions", partitions, "timeout", timeout));
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    apply(record, started.get(record.partition()), executed.get(record.partition()),
                            answered.get(record.partition()));
                }
            }
        }
        List<ExecutionJournalEntry> interrupted = new ArrayList<>();
        started.values().forEach(m -> interrupted.addAll(m.values()));
        Map<Integer, List<String>> ids = new HashMap<>();
        executed.forEach((p, recent) -> ids.put(p, recent.toList()));
        Map<Integer, Long> endOffsets = new HashMap<>();
        ends.forEach((tp, end) -> endOffsets.put(tp.partition(), end));
        return new JournalRecovery(interrupted, ids, endOffsets, answered);
    }

    /** Source offset to decision id, keeping the {@code bound} most recently added. */
    private static Map<Long, String> recentOffsets(int bound) {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
                return size() > bound;
            }
        };
    }

    private void apply(ConsumerRecord<byte[], byte[]> record, Map<String, ExecutionJournalEntry> started,
                       RecentIds executed, Map<Long, String> answered) {
        ExecutionJournalEntry entry;
        try {
            entry = codec.decode(record.value());
        } catch (EventDecodeException e) {
            LOG.warn("skipping unreadable journal entry at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        String id = entry.getDecisionId().toString();
        if (entry.getState() == JournalState.STARTED) {
            started.put(id, entry);
        } else if (entry.getState() == JournalState.FINISHED) {
            // Only FINISHED ids guard against replay: an idempotent decision re-read after a crash
            // (STARTED at most) must run again, and a non-idempotent one is answered INTERRUPTED.
            started.remove(id);
            executed.add(id);
            answered.put(entry.getSourceOffset(), id);
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Ends including open transactions: a read_committed consumer's own end offsets stop at the first open one. */
    private Map<TopicPartition, Long> highWatermarks(List<TopicPartition> tps, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("read_uncommitted")) {
            return consumer.endOffsets(tps, timeout);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer(String isolation) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
