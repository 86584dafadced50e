package dev.sandstage.testing;

import dev.sandstage.events.AuditEvent;
import dev.sandstage.events.AuditEventType;
import dev.sandstage.events.Constraints;
import dev.sandstage.events.ExecutionJournalEntry;
import dev.sandstage.events.JournalState;
import dev.sandstage.events.NetworkMode;
import dev.sandstage.events.Output;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.SandboxInfo;
import dev.sandstage.events.Signature;
import dev.sandstage.events.SignatureAlgorithm;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import dev.sandstage.events.Usage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Realistic, fully populated events for tests and benchmarks in every module. Each call returns
 * a new mutable instance, so tests may change fields freely; safe from any thread.
 */
public final class SampleEvents {

    /** A fixed instant with millisecond precision, as timestamp-millis keeps. */
    public static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123Z");

    private SampleEvents() {
    }

    /** An allowed, signed decision with every optional field set. */
    public static ToolCallDecision decision() {
        return decision(UUID.randomUUID().toString());
    }

    /** As {@link #decision()}, with a chosen decision id. */
    public static ToolCallDecision decision(String decisionId) {
        return ToolCallDecision.newBuilder()
                .setDecisionId(decisionId)
                .setSessionId("session-42")
                .setTenantId("tenant-a")
                .setCallId("call-7")
                .setTool("describe_instance")
                .setArgumentsJson("{\"instance\":\"i-0abc\",\"verbose\":true}")
                .setAllowed(true)
                .setReason("read-only tool within budget")
                .setPolicyId("default-policy")
                .setPolicyVersion("2026.03.1")
                .setIssuedAt(T0)
                .setExpiresAt(T0.plusSeconds(60))
                .setConstraints(Constraints.newBuilder()
                        .setTimeoutMs(5_000L)
                        .setMemoryBytes(64L << 20)
                        .setCpuMillis(500L)
                        .setMaxOutputBytes(64L << 10)
                        .setNetwork(NetworkMode.NONE)
                        .build())
                .setSignature(Signature.newBuilder()
                        .setKeyId("policy-key-1")
                        .setAlgorithm(SignatureAlgorithm.ED25519)
                        .setValue(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xff}))
                        .build())
                .build();
    }

    /** A decision with every optional field left null. */
    public static ToolCallDecision minimalDecision() {
        ToolCallDecision d = decision("minimal-1");
        d.setReason(null);
        d.setConstraints(null);
        d.setSignature(null);
        return d;
    }

    /** A successful result with outputs (stdout a JSON object, so {@code stdout_json} is set), usage and sandbox. */
    public static ToolResult result() {
        return ToolResult.newBuilder()
                .setDecisionId("decision-1")
                .setCallId("call-7")
                .setSessionId("session-42")
                .setTenantId("tenant-a")
                .setTool("describe_instance")
                .setStatus(ResultStatus.SUCCEEDED)
                .setExitCode(0)
                .setSignal(null)
                .setStdout(output("{\"state\":\"running\"}\n", false))
                .setStderr(output("", false))
                .setErrorCode(null)
                .setErrorMessage(null)
                .setQueuedAt(T0)
                .setStartedAt(T0.plusMillis(3))
                .setFinishedAt(T0.plusMillis(41))
                .setUsage(new Usage(12L, 3_145_728L, 38L))
                .setSandbox(new SandboxInfo("runsc", "sha256:" + "ab".repeat(32), "c0ffee", 3))
                .setStdoutJson("{\"state\":\"running\"}")
                .build();
    }

    /** An audit event for a finished execution. */
    public static AuditEvent audit() {
        return AuditEvent.newBuilder()
                .setEventId("event-1")
                .setOccurredAt(T0.plusMillis(42))
                .setStageInstance("stage-host-1")
                .setDecisionId("decision-1")
                .setSessionId("session-42")
                .setTenantId("tenant-a")
                .setCallId("call-7")
                .setTool("describe_instance")
                .setType(AuditEventType.EXECUTION_FINISHED)
                .setErrorCode(null)
                .setErrorMessage(null)
                .setArgumentsSha256("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
                .setOutputSha256("5feceb66ffc86f38d952786c6d696c79c2dbc239dd4e91b46729d73a27fb57e9")
                .setArgumentsJson(null)
                .setUsage(new Usage(12L, 3_145_728L, 38L))
                .setViolations(List.of("connect(2) denied"))
                .setDetail(Map.of("runtime", "runsc"))
                .build();
    }

    /** A FINISHED journal entry. */
    public static ExecutionJournalEntry journalEntry() {
        return ExecutionJournalEntry.newBuilder()
                .setDecisionId("decision-1")
                .setSessionId("session-42")
                .setTool("describe_instance")
                .setSourcePartition(2)
                .setSourceOffset(1_234L)
                .setState(JournalState.FINISHED)
                .setIdempotent(false)
                .setStageInstance("stage-host-1")
                .setRecordedAt(T0.plusMillis(43))
                .setFinalStatus(ResultStatus.SUCCEEDED)
                .build();
    }

    private static Output output(String text, boolean truncated) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        return new Output(ByteBuffer.wrap(data), truncated, (long) data.length);
    }
}
