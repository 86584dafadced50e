package dev.sandstage.agent;

/**
 * Why a tool call ended, as the agent saw it. The wire code is the byte in the RESULT frame;
 * codes never change meaning. Immutable; any thread.
 */
public enum RunReason {
    /** The tool exited by itself; {@link RunResult#exitCode()} holds its status. */
    EXITED(0),
    /** The wall timeout passed and the agent killed the tool's process group. */
    TIMEOUT(1),
    /** Total output passed the request's ceiling and the agent killed the process group. */
    OUTPUT_LIMIT(2),
    /** A signal the agent did not send ended the tool (SIGXCPU, SIGSEGV, a SIGKILL...). */
    KILLED(3),
    /** SIGKILL while the container's memory cgroup counted a new OOM kill. */
    OOM(4),
    /** The tool never started (exec failed, bad working directory); see the message. */
    SPAWN_FAILED(5);

    private final int wireCode;

    RunReason(int wireCode) {
        this.wireCode = wireCode;
    }

    /** The byte that stands for this reason in a RESULT frame. */
    public int wireCode() {
        return wireCode;
    }

    /** The reason for {@code code}, or empty when this version does not know it. */
    public static java.util.Optional<RunReason> fromWireCode(int code) {
        for (RunReason r : values()) {
            if (r.wireCode == code) {
                return java.util.Optional.of(r);
            }
        }
        return java.util.Optional.empty();
    }
}
