package dev.sandstage.consume.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage's {@code KafkaConsumer}, which leaves out of {@link #poll} the decision records a
 * previous owner of their partition already answered. Offsets advance only over a contiguous
 * prefix of finished records, so after a crash the new owner re-reads records whose result (and
 * FINISHED journal entry) a committed transaction already holds; handed to the pipeline they
 * would be answered a second time (REJECTED as replayed, or run again). {@link Rebalance} tells
 * it, per newly assigned partition, which offsets at or past the resume position were answered
 * ({@link #skip}); a record is left out at most once, and only while its partition stays assigned.
 *
 * <p>Threads: like any {@code KafkaConsumer}, only its owning thread (the {@code sandstage-consumer}
 * worker) calls it; {@link Rebalance} calls {@link #skip} and {@link #forget} from inside {@code poll}.
 */
public final class AnsweredRecordsConsumer extends KafkaConsumer<byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(AnsweredRecordsConsumer.class);

    private final Map<TopicPartition, Map<Long, String>> answered = new HashMap<>();

    public AnsweredRecordsConsumer(Map<String, Object> properties) {
        super(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Leaves out the records of {@code partition} at these offsets (offset to decision id, from
     * the journal) that are at or past the position the consumer resumes from; blocks for the
     * committed offset like {@link #position}.
     */
    void skip(TopicPartition partition, Map<Long, String> offsets) {
        long from = position(partition);
        Map<Long, String> ahead = new HashMap<>();
        offsets.forEach((offset, decisionId) -> {
            if (offset >= from) {
                ahead.put(offset, decisionId);
            }
        });
        if (!ahead.isEmpty()) {
            answered.put(partition, ahead);
            LOG.info("{}: {} record(s) past offset {} already answered by the previous owner; skipping them",
                    partition, ahead.size(), from);
        }
    }

    /** Forgets what to skip in partitions this consumer no longer owns. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(answered::remove);
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
        if (answered.isEmpty() || records.isEmpty()) {
            return records;
        }
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> kept = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            Map<Long, String> skip = answered.get(tp);
            List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
            if (skip == null) {
                kept.put(tp, list);
                continue;
            }
            List<ConsumerRecord<byte[], byte[]>> rest = new ArrayList<>(list.size());
            for (ConsumerRecord<byte[], byte[]> r : list) {
                String decisionId = skip.remove(r.offset());
                if (decisionId == null) {
                    rest.add(r);
                } else {
                    LOG.debug("skipping {}@{} (decision {}): already answered", tp, r.offset(), decisionId);
                }
            }
            if (skip.isEmpty()) {
                answered.remove(tp);
            }
            kept.put(tp, rest);
        }
        return new ConsumerRecords<>(kept, records.nextOffsets());
    }
}
