package dev.sandstage.consume.internal;

import dev.sandstage.agent.RunRequest;
import dev.sandstage.agent.RunResult;
import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.SandboxInfo;
import dev.sandstage.pool.DestroyReason;
import dev.sandstage.pool.DockerSandbox;
import dev.sandstage.pool.PoolExhaustedException;
import dev.sandstage.pool.ReleaseOutcome;
import dev.sandstage.pool.SandboxLease;
import dev.sandstage.pool.SandboxPool;
import dev.sandstage.publish.ExecutionJournal;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one accepted call, blocking: writes the journal's STARTED entry first for a non-idempotent
 * tool and waits for it, leases a sandbox, executes, hands the sandbox back, and says how it
 * ended. Never throws for a failed call; every failure becomes a {@link CallOutcome}.
 *
 * <p>Limits per call: the timeout and output caps go to the agent with each request; memory and
 * CPU are the container's, so a call whose constraints lower them below its class's runs in a
 * one-off sandbox created with the lower values and destroyed afterwards, and a call that cannot
 * have one is refused ({@link SandboxChoice} says when, and why this mechanism).
 *
 * <p>Threads: called only on the stage's bounded {@code sandstage-exec-N} executor; thread-safe
 * (no mutable state).
 */
public final class CallRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CallRunner.class);
    private static final Duration JOURNAL_ACK = Duration.ofSeconds(30);
    /** Beyond the tool's own timeout, how long the agent may take to report before it counts as lost. */
    private static final Duration AGENT_SLACK = Duration.ofSeconds(10);
    private static final long MIN_OUTPUT_CEILING = 1L << 20;

    private final SandboxPool pool;
    private final ExecutionJournal journal;
    private final Duration acquireDeadline;
    private final Clock clock;

    public CallRunner(SandboxPool pool, ExecutionJournal journal, Duration acquireDeadline, Clock clock) {
        this.pool = pool;
        this.journal = journal;
        this.acquireDeadline = acquireDeadline;
        this.clock = clock;
    }

    /** Runs {@code call} to its end. */
    public CallOutcome run(PendingCall call) {
        SandboxChoice choice = SandboxChoice.of(call.limits(), call.tool().limits(), call.pinnedSession().isPresent());
        if (choice instanceof SandboxChoice.Refused refused) {
            return CallOutcome.refused(ErrorCode.CONSTRAINTS_NOT_ENFORCEABLE, refused.message(), clock.instant());
        }
        if (!call.tool().idempotent()) {
            try {
                await(journal.recordStarted(call.decision(), call.partition(), call.offset(), false), JOURNAL_ACK);
            } catch (Exception e) {
                LOG.warn("journal STARTED entry not acknowledged; not running the call: {}", e.toString());
                return CallOutcome.failed(ErrorCode.JOURNAL_WRITE_FAILED, "the journal did not acknowledge the start: "
                        + e, null, null, clock.instant());
            }
        }
        SandboxLease lease;
        Future<SandboxLease> acquired = choice instanceof SandboxChoice.OneOff oneOff
                ? pool.acquireOneOff(call.tool().className(), oneOff.limits())
                : pool.acquire(call.tool().className(), call.pinnedSession());
        try {
            lease = await(acquired, acquireDeadline.plusSeconds(5));
        } catch (Exception e) {
            // A one-off create has no deadline of its own: a lease that arrives after we gave up goes back unused
            // (and a one-off sandbox is destroyed on any release).
            acquired.onSuccess(late -> pool.release(late, ReleaseOutcome.REUSE));
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            ErrorCode code = cause instanceof PoolExhaustedException ? ErrorCode.SANDBOX_POOL_EXHAUSTED
                    : ErrorCode.SANDBOX_UNAVAILABLE;
            return CallOutcome.failed(code, String.valueOf(cause.getMessage()), null, null, clock.instant());
        }
        return execute(call, lease);
    }

    private CallOutcome execute(PendingCall call, SandboxLease lease) {
        DockerSandbox sandbox = (DockerSandbox) lease.sandbox();
        SandboxInfo info = new SandboxInfo(sandbox.runtime(), sandbox.imageDigest(), sandbox.containerId(),
                lease.useNumber() - 1);
        Instant started = clock.instant();
        RunResult result;
        try {
            result = sandbox.execute(request(call), call.limits().timeout().plus(AGENT_SLACK));
        } catch (RuntimeException e) { // AgentProtocolException, or anything else that leaves the agent in doubt
            pool.release(lease, ReleaseOutcome.destroy(DestroyReason.AGENT_LOST));
            return CallOutcome.failed(ErrorCode.SANDBOX_AGENT_LOST, String.valueOf(e.getMessage()), info, started,
                    clock.instant());
        }
        pool.release(lease, DockerSandbox.outcomeOf(result));
        return CallOutcome.ran(result, info, started, clock.instant());
    }

    /**
     * The agent request: argv from the catalog, the arguments JSON on stdin, the effective timeout,
     * each stream kept up to the output cap, and the tool killed only when it keeps flooding far
     * past the cap (so ordinary long output is truncated, not an {@code OUTPUT_LIMIT}).
     */
    static RunRequest request(PendingCall call) {
        int cap = (int) Math.min(call.limits().maxOutputBytes(), RunRequest.MAX_CAPTURE_BYTES / 2);
        return RunRequest.builder(call.tool().command().toArray(String[]::new))
                .stdin(call.decision().getArgumentsJson().getBytes(StandardCharsets.UTF_8))
                .timeout(call.limits().timeout())
                .stdoutCap(cap).stderrCap(cap)
                .outputCeiling(Math.max(MIN_OUTPUT_CEILING, 4L * call.limits().maxOutputBytes()))
                .wipe(call.pinnedSession().isEmpty())
                .build();
    }

    private static <T> T await(Future<T> future, Duration timeout) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
