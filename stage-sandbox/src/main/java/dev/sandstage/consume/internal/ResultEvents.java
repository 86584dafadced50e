package dev.sandstage.consume.internal;

import dev.sandstage.agent.CapturedOutput;
import dev.sandstage.agent.RunResult;
import dev.sandstage.catalog.ToolOutput;
import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.Output;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import dev.sandstage.events.Usage;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Builds the one {@link ToolResult} each decision gets: for a refused decision (REJECTED,
 * NOT_ALLOWED), for a call that ran or failed to run, and for one interrupted by a crash or a
 * shutdown. A call that ran carries its stdout as JSON too ({@code stdout_json}) when it is one
 * complete JSON object or array. Pure and stateless; any thread.
 */
public final class ResultEvents {

    private static final Output EMPTY = new Output(ByteBuffer.allocate(0), false, 0L);

    private ResultEvents() {}

    /** A decision that did not run: {@code REJECTED}, {@code NOT_ALLOWED} or {@code INTERRUPTED} before it ran. */
    public static ToolResult refused(ToolCallDecision d, ResultStatus status, ErrorCode code, String message,
            Instant queuedAt, Instant now) {
        return identity(d).setStatus(status).setStdout(EMPTY).setStderr(EMPTY)
                .setErrorCode(code.name()).setErrorMessage(message)
                .setQueuedAt(queuedAt).setFinishedAt(now).build();
    }

    /** The result of an accepted decision, whatever became of its call. */
    public static ToolResult executed(ToolCallDecision d, CallOutcome outcome, Instant queuedAt) {
        ToolResult.Builder b = identity(d).setStatus(outcome.status())
                .setErrorCode(outcome.errorCode() == null ? null : outcome.errorCode().name())
                .setErrorMessage(outcome.errorMessage())
                .setQueuedAt(queuedAt).setStartedAt(outcome.startedAt()).setFinishedAt(outcome.finishedAt())
                .setSandbox(outcome.sandbox());
        RunResult run = outcome.run();
        if (run == null) {
            return b.setStdout(EMPTY).setStderr(EMPTY).build();
        }
        return b.setExitCode(run.exitCode() >= 0 ? run.exitCode() : null)
                .setSignal(run.signal() > 0 ? run.signal() : null)
                .setStdout(output(run.stdout())).setStderr(output(run.stderr()))
                .setStdoutJson(stdoutJson(run.stdout()))
                .setUsage(usage(run)).build();
    }

    /**
     * stdout as normalised JSON when it is complete and one JSON object or array (see
     * {@link ToolOutput#compactJson}), whatever the status: a tool that fails with a JSON error
     * object gets it kept too. A truncated stream is never JSON, even when the kept prefix parses.
     */
    private static String stdoutJson(CapturedOutput stdout) {
        if (stdout.truncated()) {
            return null;
        }
        return ToolOutput.compactJson(stdout.bytes()).orElse(null);
    }

    /** Usage as the agent measured it. */
    public static Usage usage(RunResult run) {
        return new Usage(run.cpu().toMillis(), run.peakRssBytes(), run.wall().toMillis());
    }

    private static Output output(CapturedOutput out) {
        return new Output(ByteBuffer.wrap(out.bytes()), out.truncated(), out.totalBytes());
    }

    private static ToolResult.Builder identity(ToolCallDecision d) {
        return ToolResult.newBuilder().setDecisionId(d.getDecisionId()).setCallId(d.getCallId())
                .setSessionId(d.getSessionId()).setTenantId(d.getTenantId()).setTool(d.getTool());
    }
}
