package dev.sandstage.pool;

import dev.sandstage.pool.internal.WarmPool;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The warm pool: keeps {@link SandboxClass#minIdle()} started sandboxes idle per class (up to
 * {@link SandboxClass#max()} per class and {@link PoolConfig#globalMax()} overall), leases them to
 * callers, recycles or replaces them after each call, pins sandboxes to sessions, retires them by
 * use count, idle TTL and failed health checks, and removes every container of its own instance
 * on start (leftovers) and on close. Called by the scheduler (acquire/release), the HTTP layer
 * (snapshot, warm) and the stage's lifecycle (start/close).
 *
 * <p>Threads: every method may be called from any thread and never blocks. Blocking container
 * calls run on a bounded executor of {@link PoolTuning#workerThreads()} threads named
 * {@code sandstage-pool-N}; sweeps (idle TTL, session pins, health checks, acquire deadlines) and
 * retry timers run on one thread named {@code sandstage-pool-sweeper}. Bookkeeping is guarded by
 * one lock; futures are completed and events delivered outside it, on one of those threads or
 * the caller's. Future callbacks therefore must not block: hop to your own context or executor.
 */
public interface SandboxPool {

    /** A pool over {@code factory}, timed by {@code clock} (TTLs, session idle, waits, events). */
    static SandboxPool create(PoolConfig config, SandboxFactory factory, Clock clock) {
        return new WarmPool(config, factory, clock);
    }

    /**
     * Removes the containers an earlier run of this instance left behind, then moves to
     * {@link PoolState#RUNNING} and begins warming every class in the background. The future
     * completes once orphans are gone (warming continues; see {@link #warm()}); it fails, and
     * the pool closes, when orphan removal fails.
     */
    Future<Void> start();

    /**
     * Completes when every class has had {@link SandboxClass#minIdle()} idle sandboxes (once);
     * fails when the pool closes first. For readiness checks.
     */
    Future<Void> warm();

    /** {@link #acquire(String, Optional, Duration)} with {@link PoolConfig#acquireDeadline()}. */
    Future<SandboxLease> acquire(String className, Optional<String> sessionId);

    /**
     * Leases a sandbox of {@code className}: an idle one at once, otherwise the first that frees
     * up or is created, first come first served. With a session id, the first acquire pins a
     * sandbox to the session and later ones get that same sandbox (waiting while it is busy)
     * until the session is idle for {@link SandboxClass#sessionIdleTimeout()}. Never blocks a
     * thread. Fails with {@link PoolExhaustedException} after {@code deadline}, with
     * {@link PoolClosedException} when the pool is not running or closes meanwhile, and with
     * {@link dev.sandstage.error.SandstageFatalException} for an unknown class.
     */
    Future<SandboxLease> acquire(String className, Optional<String> sessionId, Duration deadline);

    /**
     * Leases a one-off sandbox of {@code className}: a new container created for one call with
     * {@code limits} (tighter than the class's memory or CPU), through the same factory, image,
     * runtime, hardening profile and labels as the class's pooled sandboxes, plus
     * {@link SandboxLabels#ONE_OFF}. Its id is {@code <class>-once-<n>}. It is never idle and
     * never pooled: {@link #release} destroys it whatever the outcome ({@link DestroyReason#ONE_OFF}
     * unless the outcome names another reason), and {@link PoolEvent.SandboxCreated} /
     * {@link PoolEvent.SandboxDestroyed} are published for it as for any sandbox.
     *
     * <p>Costs a cold container start (about a second under runc, a few under runsc) instead of
     * a warm hand-out. It counts against the class's {@code max} and the global cap while it
     * exists, so warm creates back off meanwhile, but it is created at once even when the caps
     * are reached (it never waits in a queue): how many exist at once is bounded by the caller's
     * own concurrency, and each has no more memory or CPU than its class. Fails with
     * {@link PoolClosedException} when the pool is not running or closes meanwhile, with
     * {@link dev.sandstage.error.SandstageFatalException} for an unknown class, and with the
     * factory's exception when the container cannot be created (not retried).
     */
    Future<SandboxLease> acquireOneOff(String className, ClassLimits limits);

    /**
     * Hands a lease back, exactly once. {@link ReleaseOutcome#REUSE} recycles the sandbox on a
     * worker thread (not the caller's) before anyone else gets it; a recycle that fails, or a
     * sandbox at {@link SandboxClass#maxUses()}, is destroyed and replaced. A
     * {@link ReleaseOutcome.Destroy} outcome destroys and replaces it. Returns at once.
     *
     * @throws IllegalStateException when the lease was already released
     */
    void release(SandboxLease lease, ReleaseOutcome outcome);

    /** Counts per class, taken atomically. */
    PoolSnapshot snapshot();

    /** The lifecycle state now. */
    PoolState state();

    /** Adds a listener for every later {@link PoolEvent}. */
    void addListener(PoolEventListener listener);

    /**
     * Fails every waiting acquire, destroys idle sandboxes at once and leased ones when they are
     * released (or after {@link PoolTuning#closeGrace()}), removes anything still labelled with
     * this instance, and stops the pool's threads. The future completes in {@link PoolState#CLOSED}.
     * Calling it again returns the same future.
     */
    Future<Void> close();
}
