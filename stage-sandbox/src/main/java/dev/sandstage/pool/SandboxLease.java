package dev.sandstage.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Exclusive use of one sandbox, from {@link SandboxPool#acquire} until it is handed back with
 * {@link SandboxPool#release} (exactly once). While leased, the pool does not touch the sandbox.
 *
 * <p>Threads: immutable once handed out; the holder may pass it between threads.
 */
public interface SandboxLease {

    /** The leased sandbox. */
    Sandbox sandbox();

    /** The class it was acquired from. */
    String className();

    /** The session the sandbox is pinned to, if the acquire named one. */
    Optional<String> sessionId();

    /** 1 for the sandbox's first call, then 2, 3... (the result's {@code reuse_count} is this minus one). */
    int useNumber();

    /** When the lease was granted (the pool's clock). */
    Instant acquiredAt();

    /** How long the acquire waited before this lease was granted. */
    Duration waited();
}
