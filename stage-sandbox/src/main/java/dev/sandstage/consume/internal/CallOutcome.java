package dev.sandstage.consume.internal;

import dev.sandstage.agent.RunReason;
import dev.sandstage.agent.RunResult;
import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.SandboxInfo;
import java.time.Instant;
import java.util.Objects;

/**
 * How one accepted call ended, as the executor thread saw it: the result status, the error code
 * and message when it did not succeed, what the agent reported (absent when the call never ran)
 * and which sandbox ran it. Built by {@link CallRunner} on an executor thread, read by the
 * consumer's thread. Immutable.
 *
 * @param run the agent's report; null when the tool never ran (no sandbox, journal failure)
 * @param sandbox the sandbox that ran it; null when none was obtained
 * @param startedAt when the sandbox call began; null when it never did
 */
public record CallOutcome(ResultStatus status, ErrorCode errorCode, String errorMessage, RunResult run,
        SandboxInfo sandbox, Instant startedAt, Instant finishedAt) {

    public CallOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /** The outcome of a call the agent reported on. */
    public static CallOutcome ran(RunResult run, SandboxInfo sandbox, Instant startedAt, Instant finishedAt) {
        return switch (run.reason()) {
            case EXITED -> run.exitCode() == 0
                    ? new CallOutcome(ResultStatus.SUCCEEDED, null, null, run, sandbox, startedAt, finishedAt)
                    : new CallOutcome(ResultStatus.FAILED, ErrorCode.TOOL_EXIT_NONZERO,
                            "the tool exited with status " + run.exitCode(), run, sandbox, startedAt, finishedAt);
            case KILLED -> new CallOutcome(ResultStatus.FAILED, ErrorCode.TOOL_KILLED_BY_SIGNAL,
                    "signal " + run.signal() + " ended the tool", run, sandbox, startedAt, finishedAt);
            case TIMEOUT -> new CallOutcome(ResultStatus.TIMED_OUT, ErrorCode.EXECUTION_TIMED_OUT,
                    "the call ran past its timeout and was killed", run, sandbox, startedAt, finishedAt);
            case OOM -> new CallOutcome(ResultStatus.OOM_KILLED, ErrorCode.EXECUTION_OOM_KILLED,
                    message(run, "the call exceeded its memory limit and was killed"), run, sandbox, startedAt, finishedAt);
            case OUTPUT_LIMIT -> new CallOutcome(ResultStatus.OUTPUT_LIMIT, ErrorCode.EXECUTION_OUTPUT_LIMIT,
                    "the call wrote more output than allowed and was killed", run, sandbox, startedAt, finishedAt);
            case SPAWN_FAILED -> new CallOutcome(ResultStatus.SANDBOX_ERROR, ErrorCode.SANDBOX_SPAWN_FAILED,
                    message(run, "the tool could not be started"), run, sandbox, startedAt, finishedAt);
        };
    }

    /** A call that ended without an agent report: no sandbox, a lost agent, a journal failure. */
    public static CallOutcome failed(ErrorCode code, String message, SandboxInfo sandbox, Instant startedAt,
            Instant finishedAt) {
        return new CallOutcome(ResultStatus.SANDBOX_ERROR, code, message, null, sandbox, startedAt, finishedAt);
    }

    /** A call the stage refused before running it (no journal entry, no sandbox). */
    public static CallOutcome refused(ErrorCode code, String message, Instant finishedAt) {
        return new CallOutcome(ResultStatus.REJECTED, code, message, null, null, null, finishedAt);
    }

    /** A call the stage gave up on while it ran (shutdown past its grace period). */
    public static CallOutcome interrupted(String message, Instant finishedAt) {
        return new CallOutcome(ResultStatus.INTERRUPTED, ErrorCode.EXECUTION_INTERRUPTED, message, null, null, null,
                finishedAt);
    }

    /** True for outcomes that break the tool's limits: audited as POLICY_VIOLATION. */
    public boolean violatesPolicy() {
        return status == ResultStatus.TIMED_OUT || status == ResultStatus.OOM_KILLED
                || status == ResultStatus.OUTPUT_LIMIT;
    }

    /** The reason the agent gave, when it gave one. */
    public RunReason reason() {
        return run == null ? null : run.reason();
    }

    private static String message(RunResult run, String fallback) {
        return run.message().isBlank() ? fallback : run.message();
    }
}
