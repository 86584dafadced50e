package dev.sandstage.pool;

/**
 * Why the {@link SandboxPool} destroyed a sandbox; carried by {@link PoolEvent.SandboxDestroyed}
 * for audit ({@code SANDBOX_DESTROYED}) and metrics. The first four are what a caller reports
 * through {@link ReleaseOutcome#destroy}; the rest the pool decides itself.
 */
public enum DestroyReason {
    /** The call hit its wall timeout; the container may still hold its processes. */
    TIMED_OUT,
    /** The call was OOM-killed. */
    OOM,
    /** The in-container agent stopped answering or broke the protocol. */
    AGENT_LOST,
    /** The container died. */
    DIED,
    /** The sandbox served {@link SandboxClass#maxUses()} calls. */
    MAX_USES,
    /** The sandbox stayed idle for {@link SandboxClass#idleTtl()}. */
    IDLE_TTL,
    /** A health-check ping failed. */
    UNHEALTHY,
    /** The sandbox did not come back clean after a call ({@link Sandbox#recycle} failed). */
    RECYCLE_FAILED,
    /** The wipe after a session pin ended ({@link Sandbox#reset}) failed. */
    RESET_FAILED,
    /** Destroyed to free global capacity for another class that has waiting callers. */
    EVICTED,
    /** The pool is closing. */
    SHUTDOWN,
    /** A one-off sandbox (created for one call with tighter limits) served its call. */
    ONE_OFF
}
