package dev.sandstage.pool;

import java.time.Duration;

/**
 * One started container as the {@link SandboxPool} sees it: something it can health-check,
 * bring back to a clean state after a call, wipe when a session ends, and destroy. Made by a
 * {@link SandboxFactory}; the Docker-backed implementation adds {@code execute(RunRequest)}.
 *
 * <p>Threads: the pool calls {@link #ping}, {@link #recycle}, {@link #reset} and
 * {@link #destroy} only on its worker threads ({@code sandstage-pool-N}), never two of them at
 * once for the same sandbox, and never while the sandbox is leased. They may block up to the
 * given timeout. {@link #id}, {@link #containerId} and {@link #sandboxClass} are immutable and
 * may be read from any thread.
 */
public interface Sandbox {

    /** The pool's id for this sandbox ({@code <class>-<n>}, from {@link SandboxCreateRequest#sandboxId()}). */
    String id();

    /** The engine's container id. */
    String containerId();

    /** The class this sandbox was created for. */
    SandboxClass sandboxClass();

    /**
     * Health check on an idle sandbox. Returns true when the container and its agent answer
     * within {@code timeout}; false or an exception means broken, and the pool destroys it.
     */
    boolean ping(Duration timeout);

    /**
     * Waits, after a call, until the sandbox is clean and ready for the next one (the agent has
     * restored it and said READY). False or an exception means broken: the pool destroys it.
     */
    boolean recycle(Duration timeout);

    /**
     * Full wipe, including the workspace a pinned session kept; used when a session pin ends.
     * False or an exception means broken: the pool destroys it.
     */
    boolean reset(Duration timeout);

    /**
     * Force-removes the container. Must be idempotent and must not throw for a container that
     * is already gone; any other exception is logged and the pool forgets the sandbox anyway
     * (the next orphan removal catches what is left).
     */
    void destroy();
}
