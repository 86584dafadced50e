package dev.sandstage.pool.internal;

import dev.sandstage.error.SandstageException;
import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.error.SandstageRetriableException;
import dev.sandstage.pool.ClassLimits;
import dev.sandstage.pool.DestroyReason;
import dev.sandstage.pool.PoolClosedException;
import dev.sandstage.pool.PoolConfig;
import dev.sandstage.pool.PoolEvent.AcquireOutcome;
import dev.sandstage.pool.PoolEvent.AcquireWaited;
import dev.sandstage.pool.PoolEvent.OrphansRemoved;
import dev.sandstage.pool.PoolEventListener;
import dev.sandstage.pool.PoolSnapshot;
import dev.sandstage.pool.PoolState;
import dev.sandstage.pool.ReleaseOutcome;
import dev.sandstage.pool.SandboxFactory;
import dev.sandstage.pool.SandboxLease;
import dev.sandstage.pool.SandboxPool;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SandboxPool} implementation: lifecycle (start, warm, close), acquire and release.
 * Matching lives in {@link Handout}, capacity planning in {@link Capacity}, blocking operations in
 * {@link SandboxOps}, periodic work in {@link Sweeper}, the close sequence in {@link Shutdown}, one-off
 * sandboxes in {@link OneOffs}; all share one {@link Ledger} and its lock.
 * Built by {@link SandboxPool#create}; thread rules as documented there.
 */
public final class WarmPool implements SandboxPool {

    private static final Logger LOG = LoggerFactory.getLogger(WarmPool.class);

    private final Ledger ledger;
    private final SandboxFactory factory;
    private final Handout handout;
    private final SandboxOps ops;
    private final Sweeper sweeper;
    private final OneOffs oneOffs;
    private final Promise<Void> started = Promise.promise();
    private final Promise<Void> warm = Promise.promise();
    private final Shutdown shutdown;

    public WarmPool(PoolConfig config, SandboxFactory factory, Clock clock) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.ledger = new Ledger(Objects.requireNonNull(config, "config"), Objects.requireNonNull(clock, "clock"),
                new PoolThreads(config.tuning().workerThreads()), new EventHub());
        this.handout = new Handout(ledger, this);
        this.ops = new SandboxOps(ledger, handout, factory, this::settled);
        this.sweeper = new Sweeper(ledger, handout, ops);
        this.shutdown = new Shutdown(ledger, factory, handout, ops);
        this.oneOffs = new OneOffs(ledger, this, factory, ops, this::settled, this::closedError);
    }

    @Override
    public Future<Void> start() {
        synchronized (ledger.lock) {
            if (ledger.state() != PoolState.NEW) {
                return Future.failedFuture(new IllegalStateException("sandbox pool already started (" + ledger.state() + ")"));
            }
            ledger.moveTo(PoolState.STARTING);
        }
        ledger.threads.workers().execute(this::removeOrphansThenRun);
        return started.future();
    }

    /** On a worker. */
    private void removeOrphansThenRun() {
        String instance = ledger.config.instanceId();
        try {
            int removed = factory.removeOrphans(instance);
            ledger.events.publish(new OrphansRemoved(ledger.now(), instance, removed));
            LOG.info("sandbox pool {}: removed {} orphaned containers of an earlier run", instance, removed);
        } catch (RuntimeException e) {
            LOG.error("sandbox pool {}: removing orphaned containers failed; closing", instance, e);
            started.tryFail(e instanceof SandstageException ? e
                    : new SandstageRetriableException("cannot remove orphaned sandbox containers",
                            Map.of("instance", instance), e));
            close();
            return;
        }
        Effects fx = ledger.effects();
        synchronized (ledger.lock) {
            if (ledger.state() == PoolState.STARTING) {
                ledger.moveTo(PoolState.RUNNING);
                sweeper.start();
                ops.replenish(fx);
                settled(fx);
                fx.add(() -> started.tryComplete());
            } else {
                fx.add(() -> started.tryFail(closedError("the sandbox pool closed while starting")));
            }
        }
        fx.run();
    }

    @Override
    public Future<Void> warm() {
        return warm.future();
    }

    @Override
    public Future<SandboxLease> acquire(String className, Optional<String> sessionId) {
        return acquire(className, sessionId, ledger.config.acquireDeadline());
    }

    @Override
    public Future<SandboxLease> acquire(String className, Optional<String> sessionId, Duration deadline) {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(sessionId, "sessionId");
        if (deadline == null || deadline.isNegative()) {
            throw new IllegalArgumentException("acquire deadline must be zero or positive: " + deadline);
        }
        Effects fx = ledger.effects();
        Future<SandboxLease> result;
        synchronized (ledger.lock) {
            result = acquireLocked(className, sessionId, deadline, fx);
        }
        fx.run();
        return result;
    }

    private Future<SandboxLease> acquireLocked(String className, Optional<String> session, Duration deadline,
            Effects fx) {
        PoolState state = ledger.state();
        if (state == PoolState.NEW || ledger.shuttingDown()) {
            return Future.failedFuture(closedError("the sandbox pool is " + state + "; cannot acquire " + className));
        }
        ClassLedger cls = ledger.classLedger(className);
        if (cls == null) {
            return Future.failedFuture(unknownClass(className));
        }
        Instant now = ledger.now();
        LeaseImpl lease = handout.tryImmediate(cls, session, now);
        if (lease != null) {
            fx.event(new AcquireWaited(now, className, session, Duration.ZERO, AcquireOutcome.IMMEDIATE));
            // Top the class back up to min-idle in the background; the caller already has its sandbox.
            ops.replenish(fx);
            return Future.succeededFuture(lease);
        }
        Waiter w = new Waiter(cls, session, now, deadline);
        handout.enqueue(w);
        sweeper.armDeadline(w, deadline);
        ops.replenish(fx);
        return w.promise.future();
    }

    @Override
    public Future<SandboxLease> acquireOneOff(String className, ClassLimits limits) {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(limits, "limits");
        Effects fx = ledger.effects();
        Future<SandboxLease> result;
        synchronized (ledger.lock) {
            PoolState state = ledger.state();
            ClassLedger cls = ledger.classLedger(className);
            if (state != PoolState.RUNNING) {
                result = Future.failedFuture(closedError("the sandbox pool is " + state
                        + "; cannot create a one-off sandbox of " + className));
            } else if (cls == null) {
                result = Future.failedFuture(unknownClass(className));
            } else {
                result = oneOffs.acquire(cls, limits, fx);
            }
        }
        fx.run();
        return result;
    }

    @Override
    public void release(SandboxLease lease, ReleaseOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        if (!(lease instanceof LeaseImpl impl) || impl.pool != this) {
            throw new IllegalArgumentException("not a lease of this pool: " + lease);
        }
        if (!impl.markReleased()) {
            throw new IllegalStateException(impl + " was already released");
        }
        Effects fx = ledger.effects();
        synchronized (ledger.lock) {
            releaseLocked(impl, outcome, fx);
        }
        fx.run();
    }

    private void releaseLocked(LeaseImpl lease, ReleaseOutcome outcome, Effects fx) {
        Slot slot = lease.slot;
        if (slot.state() != SlotState.LEASED || slot.lease != lease) {
            // Revoked: close's grace period ran out and the sandbox is already being destroyed.
            return;
        }
        slot.lease = null;
        if (slot.pinned()) {
            slot.sessionLastUsed = ledger.now();
        }
        if (ledger.shuttingDown()) {
            ops.destroy(slot, DestroyReason.SHUTDOWN, fx);
        } else if (outcome instanceof ReleaseOutcome.Destroy destroy) {
            ops.destroy(slot, destroy.reason(), fx);
        } else if (slot.oneOff) {
            ops.destroy(slot, DestroyReason.ONE_OFF, fx);
        } else if (slot.uses >= slot.owner.spec.maxUses()) {
            ops.destroy(slot, DestroyReason.MAX_USES, fx);
        } else {
            ops.recycle(slot, fx);
        }
    }

    @Override
    public PoolSnapshot snapshot() {
        synchronized (ledger.lock) {
            return ledger.snapshot(warm.future().succeeded());
        }
    }

    @Override
    public PoolState state() {
        synchronized (ledger.lock) {
            return ledger.state();
        }
    }

    @Override
    public void addListener(PoolEventListener listener) {
        ledger.events.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Runs one sweep now instead of waiting for the interval; for tests and operators. */
    public void sweepNow() {
        sweeper.sweep();
    }

    @Override
    public Future<Void> close() {
        Effects fx = ledger.effects();
        synchronized (ledger.lock) {
            PoolState state = ledger.state();
            if (state == PoolState.NEW) {
                shutdown.closeUnstarted(fx);
                fx.add(() -> warm.tryFail(closedError("the sandbox pool closed before it was started")));
            } else if (!ledger.shuttingDown()) {
                sweeper.stop();
                PoolClosedException error = closedError("the sandbox pool is closing");
                fx.add(() -> warm.tryFail(error));
                shutdown.begin(error, fx);
            }
        }
        fx.run();
        return shutdown.future();
    }

    /** Lock held; runs after every completed operation: latches warmth, lets a close finish. */
    private void settled(Effects fx) {
        if (ledger.state() == PoolState.RUNNING && !warm.future().isComplete() && ledger.everyClassWarmed()) {
            fx.add(() -> warm.tryComplete());
        }
        shutdown.settle(fx);
    }

    private SandstageFatalException unknownClass(String className) {
        return new SandstageFatalException("unknown sandbox class",
                Map.of("class", className, "known", ledger.classes().stream().map(ClassLedger::name).toList()));
    }

    private PoolClosedException closedError(String message) {
        return shutdown.closedError(message);
    }
}
