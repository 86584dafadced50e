package dev.sandstage.pool;

/**
 * Makes {@link Sandbox}es for the {@link SandboxPool} and cleans up after earlier runs. The
 * Docker-backed implementation creates the container from the class's image, runtime, hardening
 * profile and limits, puts {@link SandboxCreateRequest#labels()} on it, starts it, attaches to
 * the agent and pings it once before returning.
 *
 * <p>Threads: called only on the pool's worker threads ({@code sandstage-pool-N}), possibly
 * several at once, so implementations must be thread-safe. Every method blocks.
 */
public interface SandboxFactory {

    /**
     * Creates, starts and attaches one sandbox and checks it answers. Throws (any exception)
     * when it cannot; the pool then retries with backoff. A failed attempt must not leave a
     * running container behind (remove it before throwing).
     */
    Sandbox create(SandboxCreateRequest request);

    /**
     * Force-removes every container, in any state, whose {@link SandboxLabels#INSTANCE} label
     * is {@code instanceId}: the leftovers of an earlier run of this stage instance, or
     * anything still there when the pool closes. Returns how many were removed.
     */
    int removeOrphans(String instanceId);
}
