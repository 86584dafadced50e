package dev.sandstage.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Something the {@link SandboxPool} did that audit and metrics care about. Delivered to
 * {@link PoolEventListener}s; every event carries the pool clock's time. Immutable; any thread.
 */
public sealed interface PoolEvent {

    /** When it happened, by the pool's clock. */
    Instant at();

    /**
     * A sandbox was created, started and answered its first ping. Delivered before the pool books
     * it, so before it is leased, counted idle, counted towards {@link SandboxPool#warm()} or destroyed.
     */
    record SandboxCreated(Instant at, String className, String sandboxId, String containerId,
            Duration createDuration) implements PoolEvent {}

    /**
     * A create attempt failed; the class retries after {@code retryIn}. Delivered before that retry
     * starts, so one class's failures arrive in order and before the create that ends the run.
     */
    record SandboxCreateFailed(Instant at, String className, String sandboxId, String error,
            int consecutiveFailures, Duration retryIn) implements PoolEvent {}

    /** A sandbox was destroyed, why, and how many calls it served. */
    record SandboxDestroyed(Instant at, String className, String sandboxId, String containerId,
            DestroyReason reason, int uses, Duration lifetime) implements PoolEvent {}

    /** An acquire finished: at once, after waiting, or not at all. */
    record AcquireWaited(Instant at, String className, Optional<String> sessionId, Duration waited,
            AcquireOutcome outcome) implements PoolEvent {}

    /** A session's pin ended after {@code idleFor} without a call; its sandbox is being reset. */
    record SessionUnpinned(Instant at, String className, String sessionId, String sandboxId, Duration idleFor)
            implements PoolEvent {}

    /** Start-up or close removed containers labelled with this instance id. */
    record OrphansRemoved(Instant at, String instanceId, int count) implements PoolEvent {}

    /** How an acquire ended. */
    enum AcquireOutcome {
        /** An idle sandbox was there. */
        IMMEDIATE,
        /** Served after waiting for a sandbox to free up or be created. */
        SERVED,
        /** The deadline passed: the caller got {@link PoolExhaustedException}. */
        EXHAUSTED,
        /** The pool closed while the caller waited: {@link PoolClosedException}. */
        CLOSED
    }
}
