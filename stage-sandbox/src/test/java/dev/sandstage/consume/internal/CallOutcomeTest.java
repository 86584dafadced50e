package dev.sandstage.consume.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.agent.CapturedOutput;
import dev.sandstage.agent.RunReason;
import dev.sandstage.agent.RunResult;
import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.ResultStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallOutcomeTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @ParameterizedTest
    @CsvSource({
            "EXITED, 0, 0, SUCCEEDED, , false",
            "EXITED, 3, 0, FAILED, TOOL_EXIT_NONZERO, false",
            "KILLED, -1, 11, FAILED, TOOL_KILLED_BY_SIGNAL, false",
            "TIMEOUT, -1, 9, TIMED_OUT, EXECUTION_TIMED_OUT, true",
            "OOM, -1, 9, OOM_KILLED, EXECUTION_OOM_KILLED, true",
            "OUTPUT_LIMIT, -1, 9, OUTPUT_LIMIT, EXECUTION_OUTPUT_LIMIT, true",
            "SPAWN_FAILED, -1, 0, SANDBOX_ERROR, SANDBOX_SPAWN_FAILED, false"})
    void mapsEveryRunReasonToAResultStatusAndCode(RunReason reason, int exit, int signal, ResultStatus status,
            ErrorCode code, boolean violation) {
        RunResult run = new RunResult(reason, exit, signal, Duration.ofMillis(5), Duration.ofMillis(2), 1024,
                CapturedOutput.EMPTY, CapturedOutput.EMPTY, "");

        CallOutcome outcome = CallOutcome.ran(run, null, T0, T0.plusMillis(5));

        assertThat(outcome.status()).isEqualTo(status);
        assertThat(outcome.errorCode()).isEqualTo(code);
        assertThat(outcome.errorMessage() == null).isEqualTo(code == null);
        assertThat(outcome.violatesPolicy()).isEqualTo(violation);
    }
}
