package dev.sandstage.consume.internal;

import dev.sandstage.catalog.ToolDefinition;
import dev.sandstage.events.ExecutionJournalEntry;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.http.StageMetrics;
import dev.sandstage.publish.JournalReplayGuard;
import dev.sandstage.schedule.KeyedScheduler;
import dev.sandstage.schedule.OffsetTracker;
import dev.sandstage.schema.EventCodec;
import dev.sandstage.schema.EventDecodeException;
import dev.sandstage.schema.EventEncoding;
import dev.sandstage.verify.DecisionVerifier;
import dev.sandstage.verify.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to each record the consumer reads, before anything runs: pass over a record a
 * previous owner already answered, decode (or dead-letter), answer a call a crashed owner left
 * unfinished ({@code INTERRUPTED}), verify (or refuse), and schedule the accepted call, claiming
 * its decision id so that a copy arriving while it is in flight is refused as a replay.
 * Every record that decodes is answered exactly once, so results count records, not decision
 * ids: a replayed id gets a result of its own ({@code REJECTED}, {@code DECISION_REPLAYED}), and
 * {@code allowed=false} is answered {@code NOT_ALLOWED} rather than {@code REJECTED}.
 *
 * <p>Why records can be answered already: offsets advance only over a contiguous prefix of
 * finished records, so after a crash the new owner re-reads records whose result a committed
 * transaction already holds (their FINISHED journal entry says so). Handed to the pipeline they
 * would be answered a second time; they are marked finished without output instead, so the
 * offset moves past them in the next transaction.
 *
 * <p>Threads: only the consumer's owning thread, like the {@link ConsumerLoop} that calls it.
 */
final class Intake {

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

    private final EventCodec<ToolCallDecision> codec = EventCodec.reading(ToolCallDecision.class);
    private final DecisionVerifier verifier;
    private final JournalReplayGuard replays;
    private final KeyedScheduler<PendingCall> scheduler;
    private final OffsetTracker offsets;
    private final OutputStager out;
    private final StageMetrics metrics;
    private final Clock clock;
    /** Non-idempotent calls a previous owner started and never finished, by source partition and offset. */
    private final Map<TopicPartition, Map<Long, ExecutionJournalEntry>> recovered = new HashMap<>();
    /** Records a previous owner answered, past the resume position: source partition, offset, decision id. */
    private final Map<TopicPartition, Map<Long, String>> answered = new HashMap<>();

    Intake(DecisionVerifier verifier, JournalReplayGuard replays, KeyedScheduler<PendingCall> scheduler,
            OffsetTracker offsets, OutputStager out, StageMetrics metrics, Clock clock) {
        this.verifier = verifier;
        this.replays = replays;
        this.scheduler = scheduler;
        this.offsets = offsets;
        this.out = out;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Remembers an unfinished non-idempotent call found by journal recovery, to answer it when re-read. */
    void interrupted(TopicPartition source, ExecutionJournalEntry entry) {
        recovered.computeIfAbsent(source, p -> new HashMap<>()).put(entry.getSourceOffset(), entry);
    }

    /** Remembers records of {@code source} whose result a previous owner committed, to pass over them. */
    void answered(TopicPartition source, Map<Long, String> offsets) {
        answered.computeIfAbsent(source, p -> new HashMap<>()).putAll(offsets);
    }

    /** Forgets what is known about partitions this instance no longer owns, claims included. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(recovered::remove);
        partitions.forEach(answered::remove);
        replays.release(partitions.stream().map(TopicPartition::partition).toList());
    }

    /** Takes one record: every path either schedules it or finishes its offset with its output staged. */
    void accept(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        offsets.seen(tp, record.offset());
        if (alreadyAnswered(tp, record.offset())) {
            finish(tp, record.offset(), "already_answered");
            return;
        }
        Instant queuedAt = clock.instant();
        ToolCallDecision d;
        try {
            d = decode(record);
        } catch (EventDecodeException e) {
            LOG.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            out.deadLetter(record, e);
            finish(tp, record.offset(), "dead_lettered");
            return;
        }
        try (var mdc = Mdc.of(d, record.headers())) {
            Map<Long, ExecutionJournalEntry> crashed = recovered.get(tp);
            ExecutionJournalEntry entry = crashed == null ? null : crashed.remove(record.offset());
            if (entry != null && entry.getDecisionId().equals(d.getDecisionId())) {
                LOG.warn("answering INTERRUPTED: a previous owner started this non-idempotent call and never finished");
                out.recovered(d, record.headers(), record.partition(), record.offset(), entry.getStageInstance());
                finish(tp, record.offset(), "interrupted");
                return;
            }
            out.received(d, record.headers());
            switch (verifier.verify(d)) {
                case Verdict.NotAllowed n -> {
                    out.refused(d, record.headers(), ResultStatus.NOT_ALLOWED, n.code(), n.reason(), queuedAt);
                    finish(tp, record.offset(), "not_allowed");
                }
                case Verdict.Rejected r -> {
                    LOG.info("rejected: {} {}", r.code(), r.message());
                    out.refused(d, record.headers(), ResultStatus.REJECTED, r.code(), r.message(), queuedAt);
                    finish(tp, record.offset(), "rejected");
                }
                case Verdict.Accepted a -> {
                    replays.claim(record.partition(), d.getDecisionId());
                    scheduler.offer(tp, record.offset(), d.getSessionId(), new PendingCall(d,
                            (ToolDefinition) a.tool(), a.limits(), record.headers(), record.partition(),
                            record.offset(), queuedAt));
                }
            }
        }
    }

    /** Marks an offset finished and counts the decision's outcome. */
    void finish(TopicPartition tp, long offset, String outcome) {
        offsets.finished(tp, offset);
        metrics.decision(outcome);
    }

    private boolean alreadyAnswered(TopicPartition tp, long offset) {
        Map<Long, String> ids = answered.get(tp);
        String decisionId = ids == null ? null : ids.remove(offset);
        if (decisionId == null) {
            return false;
        }
        LOG.debug("passing over {}@{} (decision {}): a previous owner answered it", tp, offset, decisionId);
        if (ids.isEmpty()) {
            answered.remove(tp);
        }
        return true;
    }

    private ToolCallDecision decode(ConsumerRecord<byte[], byte[]> record) {
        Header ct = record.headers().lastHeader(EventEncoding.CONTENT_TYPE_HEADER);
        Map<String, Object> where = Map.of("topic", record.topic(), "partition", record.partition(),
                "offset", record.offset());
        EventEncoding encoding = EventEncoding.fromContentType(
                ct == null ? null : new String(ct.value(), StandardCharsets.UTF_8), where);
        return codec.decode(record.value(), encoding, where);
    }
}
