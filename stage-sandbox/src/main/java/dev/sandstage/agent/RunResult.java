package dev.sandstage.agent;

import java.time.Duration;
import java.util.Objects;

/**
 * What the agent reports about one tool call (the RESULT frame). Built by
 * {@link AgentFrameCodec}; read by the pool and the publisher. Immutable; any thread.
 *
 * @param reason why the call ended
 * @param exitCode the exit status when the tool exited, else -1
 * @param signal the signal that ended the tool, else 0
 * @param wall wall time from fork to reaping the tool, as the agent measured it
 * @param cpu user + system CPU of the tool and the children it waited for ({@code wait4})
 * @param peakRssBytes the tool's peak resident set ({@code ru_maxrss})
 * @param stdout the tool's standard output
 * @param stderr the tool's standard error
 * @param message detail for SPAWN_FAILED and OOM; empty otherwise
 */
public record RunResult(RunReason reason, int exitCode, int signal, Duration wall, Duration cpu, long peakRssBytes,
                        CapturedOutput stdout, CapturedOutput stderr, String message) {

    public RunResult {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(wall, "wall");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(message, "message");
    }

    /** True when the tool exited with status 0. */
    public boolean succeeded() {
        return reason == RunReason.EXITED && exitCode == 0;
    }
}
