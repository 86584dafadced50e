package dev.sandstage.consume.internal;

import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.AuditEvent;
import dev.sandstage.events.AuditEventType;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import dev.sandstage.pool.PoolEvent;
import dev.sandstage.publish.DlqRecord;
import dev.sandstage.publish.ExecutionJournal;
import dev.sandstage.publish.JournalReplayGuard;
import dev.sandstage.publish.OutputRecords;
import dev.sandstage.publish.PipelinedPublisher;
import dev.sandstage.schema.EventDecodeException;
import dev.sandstage.schema.OutputDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Stages into the batch being built everything the stage writes about one input: results, audit
 * events, FINISHED journal entries and DLQ records, with the decision's trace headers. Records the
 * finished decision ids in the replay guard as their FINISHED entries are staged.
 *
 * <p>Threads: only the consumer's owning thread, like the publisher it stages into.
 */
public final class OutputStager {

    private final PipelinedPublisher publisher;
    private final OutputRecords records;
    private final AuditEvents audits;
    private final ExecutionJournal journal;
    private final JournalReplayGuard replays;
    private final String dlqTopic;
    private final Clock clock;

    public OutputStager(PipelinedPublisher publisher, OutputRecords records, AuditEvents audits,
            ExecutionJournal journal, JournalReplayGuard replays, String dlqTopic, Clock clock) {
        this.publisher = publisher;
        this.records = records;
        this.audits = audits;
        this.journal = journal;
        this.replays = replays;
        this.dlqTopic = dlqTopic;
        this.clock = clock;
    }

    /** The input did not decode: the original bytes to the DLQ and an {@code INPUT_INVALID} audit. */
    public void deadLetter(ConsumerRecord<byte[], byte[]> input, EventDecodeException e) {
        publisher.stage(DlqRecord.of(dlqTopic, input, e.code(), e.getMessage()));
        publisher.stage(records.audit(audits.inputInvalid(e.code(), e.getMessage(), input.topic(), input.partition(),
                input.offset(), clock.instant()), input.headers()));
    }

    /** {@code DECISION_RECEIVED}. */
    public void received(ToolCallDecision d, Headers headers) {
        audit(audits.about(d, AuditEventType.DECISION_RECEIVED, clock.instant()).build(), headers);
    }

    /** A refused decision: its {@code REJECTED}/{@code NOT_ALLOWED} result and a {@code DECISION_REJECTED} audit. */
    public void refused(ToolCallDecision d, Headers headers, ResultStatus status, ErrorCode code, String message,
            Instant queuedAt) {
        Instant now = clock.instant();
        publisher.stage(records.result(ResultEvents.refused(d, status, code, message, queuedAt, now), headers));
        audit(audits.rejected(d, code, message, now), headers);
    }

    /** {@code EXECUTION_STARTED}, as the call is handed to an executor. */
    public void started(PendingCall call) {
        audit(audits.about(call.decision(), AuditEventType.EXECUTION_STARTED, clock.instant()).build(), call.headers());
    }

    /** The result of a call, {@code EXECUTION_FINISHED} (and {@code POLICY_VIOLATION}), and its FINISHED entry. */
    public ToolResult finished(PendingCall call, CallOutcome outcome) {
        ToolCallDecision d = call.decision();
        ToolResult result = ResultEvents.executed(d, outcome, call.queuedAt());
        publisher.stage(records.result(result, call.headers()));
        Instant now = clock.instant();
        AuditEvent.Builder finished = audits.about(d, AuditEventType.EXECUTION_FINISHED, now)
                .setOutputSha256(OutputDigest.of(result))
                .setUsage(outcome.run() == null ? null : ResultEvents.usage(outcome.run()))
                .setDetail(Map.of("status", outcome.status().name(), "stdout_json", Boolean.toString(result.getStdoutJson() != null)));
        if (outcome.errorCode() != null) {
            finished.setErrorCode(outcome.errorCode().name()).setErrorMessage(outcome.errorMessage());
        }
        audit(finished.build(), call.headers());
        if (outcome.violatesPolicy()) {
            audit(audits.about(d, AuditEventType.POLICY_VIOLATION, now).setErrorCode(outcome.errorCode().name())
                    .setErrorMessage(outcome.errorMessage()).setViolations(List.of(outcome.status().name())).build(),
                    call.headers());
        }
        journalFinished(d, call.partition(), call.offset(), call.tool().idempotent(), outcome.status());
        return result;
    }

    /**
     * A re-read decision whose non-idempotent call a previous owner started and never finished:
     * {@code INTERRUPTED}, {@code RECOVERED_AFTER_CRASH} and its FINISHED entry; it does not run again.
     */
    public void recovered(ToolCallDecision d, Headers headers, int partition, long offset, String previousOwner) {
        Instant now = clock.instant();
        String message = "stage instance " + previousOwner + " started this non-idempotent call and stopped before it"
                + " finished; it is not run again";
        publisher.stage(records.result(ResultEvents.refused(d, ResultStatus.INTERRUPTED,
                ErrorCode.EXECUTION_INTERRUPTED, message, now, now), headers));
        audit(audits.about(d, AuditEventType.RECOVERED_AFTER_CRASH, now)
                .setErrorCode(ErrorCode.EXECUTION_INTERRUPTED.name()).setErrorMessage(message)
                .setDetail(Map.of("previous_owner", previousOwner)).build(), headers);
        journalFinished(d, partition, offset, false, ResultStatus.INTERRUPTED);
    }

    /** A call given up on at shutdown: {@code INTERRUPTED} and its FINISHED entry. */
    public void interrupted(PendingCall call, String message) {
        finished(call, CallOutcome.interrupted(message, clock.instant()));
    }

    /** {@code SANDBOX_CREATED}/{@code SANDBOX_DESTROYED}; other pool events are not audited. */
    public void sandbox(PoolEvent event) {
        audits.sandbox(event).ifPresent(e -> audit(e, null));
    }

    private void journalFinished(ToolCallDecision d, int partition, long offset, boolean idempotent,
            ResultStatus status) {
        publisher.stage(journal.finishedRecord(d, partition, offset, idempotent, status));
        replays.record(partition, d.getDecisionId());
    }

    private void audit(AuditEvent event, Headers headers) {
        publisher.stage(records.audit(event, headers));
    }
}
