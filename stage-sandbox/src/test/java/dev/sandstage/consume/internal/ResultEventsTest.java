package dev.sandstage.consume.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.agent.CapturedOutput;
import dev.sandstage.agent.RunReason;
import dev.sandstage.agent.RunResult;
import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.AuditEvent;
import dev.sandstage.events.AuditEventType;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.SandboxInfo;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import dev.sandstage.testing.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResultEventsTest {

    private static final Instant T0 = SampleEvents.T0;
    private final ToolCallDecision decision = SampleEvents.decision("d-1");

    @Test
    void anExecutedCallCarriesOutputTotalsUsageSandboxAndTimings() {
        RunResult run = new RunResult(RunReason.EXITED, 0, 0, Duration.ofMillis(40), Duration.ofMillis(12), 3_000_000,
                new CapturedOutput("{\"ok\":1}".getBytes(StandardCharsets.UTF_8), 100, true), CapturedOutput.EMPTY, "");
        SandboxInfo sandbox = new SandboxInfo("runc", "sha256:ab", "c0ffee", 2);

        ToolResult r = ResultEvents.executed(decision, CallOutcome.ran(run, sandbox, T0.plusMillis(3), T0.plusMillis(43)), T0);

        assertThat(r.getDecisionId()).isEqualTo("d-1");
        assertThat(r.getCallId()).isEqualTo(decision.getCallId());
        assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(r.getErrorCode()).isNull();
        assertThat(r.getExitCode()).isZero();
        assertThat(r.getSignal()).isNull();
        assertThat(r.getStdout().getTruncated()).isTrue();
        assertThat(r.getStdout().getTotalBytes()).isEqualTo(100);
        assertThat(StandardCharsets.UTF_8.decode(r.getStdout().getData()).toString()).isEqualTo("{\"ok\":1}");
        assertThat(r.getStdoutJson()).as("a truncated stdout is not kept as JSON, even when its prefix parses").isNull();
        assertThat(r.getUsage().getCpuMs()).isEqualTo(12);
        assertThat(r.getUsage().getWallMs()).isEqualTo(40);
        assertThat(r.getSandbox().getReuseCount()).isEqualTo(2);
        assertThat(r.getQueuedAt()).isEqualTo(T0);
        assertThat(r.getStartedAt()).isEqualTo(T0.plusMillis(3));
        assertThat(r.getFinishedAt()).isEqualTo(T0.plusMillis(43));
    }

    @Test
    void aCompleteJsonStdoutIsCarriedAsNormalisedJsonBesideTheRawBytes() {
        String printed = "{\n  \"instance_id\": \"i-0abc1234\",\n  \"tags\": {\"team\": \"data\"}\n}\n";

        ToolResult r = ResultEvents.executed(decision, ran(printed, 0), T0);

        assertThat(r.getStdoutJson()).isEqualTo("{\"instance_id\":\"i-0abc1234\",\"tags\":{\"team\":\"data\"}}");
        assertThat(StandardCharsets.UTF_8.decode(r.getStdout().getData()).toString()).isEqualTo(printed);
    }

    @Test
    void aFailedCallThatPrintedAJsonErrorKeepsItAsJson() {
        ToolResult r = ResultEvents.executed(decision, ran("{\"error\": \"no such file\"}\n", 2), T0);

        assertThat(r.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(r.getStdoutJson()).isEqualTo("{\"error\":\"no such file\"}");
    }

    @Test
    void plainTextOrAScalarOnStdoutHasNoJson() {
        assertThat(ResultEvents.executed(decision, ran("hello\n", 0), T0).getStdoutJson()).isNull();
        assertThat(ResultEvents.executed(decision, ran("42\n", 0), T0).getStdoutJson()).isNull();
        assertThat(ResultEvents.executed(decision, ran("", 0), T0).getStdoutJson()).isNull();
    }

    @Test
    void aRejectedDecisionHasItsCodeAndNoSandbox() {
        ToolResult r = ResultEvents.refused(decision, ResultStatus.REJECTED, ErrorCode.DECISION_EXPIRED, "too late", T0,
                T0.plusMillis(1));

        assertThat(r.getStatus()).isEqualTo(ResultStatus.REJECTED);
        assertThat(r.getErrorCode()).isEqualTo("DECISION_EXPIRED");
        assertThat(r.getErrorMessage()).isEqualTo("too late");
        assertThat(r.getSandbox()).isNull();
        assertThat(r.getStartedAt()).isNull();
        assertThat(r.getStdout().getTotalBytes()).isZero();
        assertThat(r.getStdoutJson()).isNull();
    }

    @Test
    void auditEventsHashTheArgumentsAndCopyThemOnlyWhenConfigured() {
        AuditEvent hidden = new AuditEvents("stage-1", false).about(decision, AuditEventType.DECISION_RECEIVED, T0).build();
        AuditEvent shown = new AuditEvents("stage-1", true).about(decision, AuditEventType.DECISION_RECEIVED, T0).build();

        assertThat(hidden.getArgumentsSha256()).isEqualTo(AuditEvents.sha256(
                decision.getArgumentsJson().getBytes(StandardCharsets.UTF_8))).hasSize(64);
        assertThat(hidden.getArgumentsJson()).isNull();
        assertThat(shown.getArgumentsJson()).isEqualTo(decision.getArgumentsJson());
        assertThat(hidden.getStageInstance()).isEqualTo("stage-1");
        assertThat(hidden.getEventId()).isNotEqualTo(shown.getEventId());
    }

    @Test
    void inputInvalidNamesWhereTheRecordCameFrom() {
        AuditEvent e = new AuditEvents("stage-1", false).inputInvalid(ErrorCode.MALFORMED_RECORD, "bad", "decisions", 2,
                41, T0);

        assertThat(e.getType()).isEqualTo(AuditEventType.INPUT_INVALID);
        assertThat(e.getDecisionId()).isNull();
        assertThat(e.getDetail()).containsEntry("source_topic", "decisions").containsEntry("source_partition", "2")
                .containsEntry("source_offset", "41");
    }

    private static CallOutcome ran(String stdout, int exitCode) {
        byte[] bytes = stdout.getBytes(StandardCharsets.UTF_8);
        RunResult run = new RunResult(RunReason.EXITED, exitCode, 0, Duration.ofMillis(40), Duration.ofMillis(12),
                3_000_000, new CapturedOutput(bytes, bytes.length, false), CapturedOutput.EMPTY, "");
        return CallOutcome.ran(run, new SandboxInfo("runc", "sha256:ab", "c0ffee", 0), T0.plusMillis(3),
                T0.plusMillis(43));
    }
}
