package dev.sandstage.pool.internal;

import dev.sandstage.pool.DestroyReason;
import dev.sandstage.pool.PoolEvent.SandboxCreateFailed;
import dev.sandstage.pool.PoolEvent.SandboxCreated;
import dev.sandstage.pool.PoolEvent.SandboxDestroyed;
import dev.sandstage.pool.PoolTuning;
import dev.sandstage.pool.Sandbox;
import dev.sandstage.pool.SandboxCreateRequest;
import dev.sandstage.pool.SandboxFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the pool's blocking sandbox operations (create, recycle, reset, ping, destroy) on the
 * worker threads and books their results. Methods without "on a worker" in their comment run
 * with the pool lock held and defer the hand-off to the given {@link Effects}; the completion
 * handlers run on a worker and take the lock themselves. After each completion the pool's
 * {@code settled} hook runs (lock held), which checks warmth and close progress.
 */
final class SandboxOps {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxOps.class);

    private final Ledger ledger;
    private final Handout handout;
    private final SandboxFactory factory;
    private final Consumer<Effects> settled;
    private final PoolTuning tuning;

    SandboxOps(Ledger ledger, Handout handout, SandboxFactory factory, Consumer<Effects> settled) {
        this.ledger = ledger;
        this.handout = handout;
        this.factory = factory;
        this.settled = settled;
        this.tuning = ledger.config.tuning();
    }

    /** Starts the creates and evictions {@link Capacity} asks for. */
    void replenish(Effects fx) {
        Capacity.Plan plan = Capacity.plan(ledger);
        plan.creates().forEach(cls -> create(cls, fx));
        plan.evictions().forEach(slot -> destroy(slot, DestroyReason.EVICTED, fx));
    }

    void recycle(Slot slot, Effects fx) {
        check(slot, SlotState.RECYCLING, DestroyReason.RECYCLE_FAILED, true,
                () -> slot.sandbox.recycle(tuning.recycleTimeout()), fx);
    }

    void reset(Slot slot, Effects fx) {
        check(slot, SlotState.RESETTING, DestroyReason.RESET_FAILED, true,
                () -> slot.sandbox.reset(tuning.resetTimeout()), fx);
    }

    void ping(Slot slot, Effects fx) {
        check(slot, SlotState.CHECKING, DestroyReason.UNHEALTHY, false,
                () -> slot.sandbox.ping(tuning.pingTimeout()), fx);
    }

    /** Takes the slot out of service and removes its container on a worker; it counts against caps until gone. */
    void destroy(Slot slot, DestroyReason reason, Effects fx) {
        handout.unpin(slot);
        slot.owner.idle.remove(slot);
        slot.lease = null;
        slot.moveTo(SlotState.DESTROYING);
        if (reason == DestroyReason.EVICTED) {
            ledger.evictionsInFlight++;
        }
        fx.execute(ledger.threads.workers(), () -> runDestroy(slot, reason));
    }

    private void create(ClassLedger cls, Effects fx) {
        cls.creating++;
        SandboxCreateRequest request = new SandboxCreateRequest(ledger.config.instanceId(), ledger.nextSandboxId(cls),
                cls.spec);
        fx.execute(ledger.threads.workers(), () -> runCreate(cls, request));
    }

    private void check(Slot slot, SlotState during, DestroyReason onFailure, boolean cleaned, BooleanSupplier call,
            Effects fx) {
        slot.owner.idle.remove(slot);
        slot.moveTo(during);
        fx.execute(ledger.threads.workers(), () -> {
            boolean ok = succeeded(slot, during, call);
            Effects after = ledger.effects();
            synchronized (ledger.lock) {
                if (ledger.shuttingDown()) {
                    destroy(slot, DestroyReason.SHUTDOWN, after);
                } else if (!ok) {
                    destroy(slot, onFailure, after);
                } else {
                    handout.makeAvailable(slot, cleaned, after);
                }
                replenish(after);
                settled.accept(after);
            }
            after.run();
        });
    }

    /** On a worker: runs one blocking check; an exception counts as failure. */
    private static boolean succeeded(Slot slot, SlotState during, BooleanSupplier call) {
        try {
            boolean ok = call.getAsBoolean();
            if (!ok) {
                LOG.warn("sandbox {} failed {}", slot.sandbox.id(), during);
            }
            return ok;
        } catch (RuntimeException e) {
            LOG.warn("sandbox {} failed {}", slot.sandbox.id(), during, e);
            return false;
        }
    }

    /** On a worker. */
    private void runCreate(ClassLedger cls, SandboxCreateRequest request) {
        Instant started = ledger.now();
        Sandbox sandbox;
        try {
            sandbox = factory.create(request);
        } catch (RuntimeException e) {
            createFailed(cls, request, e);
            return;
        }
        // Delivered before the sandbox is booked: once booked, another thread can lease it, warm() can
        // complete or a destroy can be published, and none of that may overtake the creation's event.
        Instant created = ledger.now();
        ledger.events.publish(new SandboxCreated(created, cls.name(), sandbox.id(), sandbox.containerId(),
                Duration.between(started, created)));
        Effects fx = ledger.effects();
        synchronized (ledger.lock) {
            Instant now = ledger.now();
            cls.creating--;
            cls.consecutiveFailures = 0;
            cls.lastCreateError = null;
            Slot slot = new Slot(sandbox, cls, now);
            cls.slots.add(slot);
            if (ledger.shuttingDown()) {
                destroy(slot, DestroyReason.SHUTDOWN, fx);
            } else {
                handout.makeAvailable(slot, true, fx);
            }
            replenish(fx);
            settled.accept(fx);
        }
        fx.run();
    }

    /** On a worker: books the failure and retries the class after a doubling backoff. */
    private void createFailed(ClassLedger cls, SandboxCreateRequest request, RuntimeException e) {
        Effects fx = ledger.effects();
        Duration retryIn;
        int failures;
        synchronized (ledger.lock) {
            cls.creating--;
            failures = ++cls.consecutiveFailures;
            cls.lastCreateError = String.valueOf(e.getMessage());
            retryIn = backoff(cls.consecutiveFailures);
            fx.event(new SandboxCreateFailed(ledger.now(), cls.name(), request.sandboxId(), cls.lastCreateError,
                    cls.consecutiveFailures, retryIn));
            if (!ledger.shuttingDown()) {
                cls.backingOff = true;
                // Armed only after the event is delivered: with a backoff of a millisecond, a timer armed
                // here under the lock let the retry, its own failure event, the next create and warm()
                // overtake this event, so listeners saw failures out of order or after the pool was warm.
                fx.add(() -> armRetry(cls, retryIn));
            }
            settled.accept(fx);
        }
        LOG.warn("creating sandbox {} failed ({} in a row); retrying in {}", request.sandboxId(), failures, retryIn, e);
        fx.run();
    }

    /** Without the lock, after the failure event is delivered: retries the class after {@code retryIn}. */
    private void armRetry(ClassLedger cls, Duration retryIn) {
        try {
            ledger.threads.sweeper().schedule(() -> endBackoff(cls), retryIn.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The pool closed since the failure was booked: there is nothing left to retry for.
            LOG.debug("sandbox pool closed; class {} is not retried", cls.name());
        }
    }

    /** On the sweeper. */
    private void endBackoff(ClassLedger cls) {
        Effects fx = ledger.effects();
        synchronized (ledger.lock) {
            cls.backingOff = false;
            replenish(fx);
        }
        fx.run();
    }

    Duration backoff(int failures) {
        Duration delay = tuning.createBackoffMin();
        for (int i = 1; i < failures && delay.compareTo(tuning.createBackoffMax()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(tuning.createBackoffMax()) > 0 ? tuning.createBackoffMax() : delay;
    }

    /** On a worker. */
    private void runDestroy(Slot slot, DestroyReason reason) {
        try {
            slot.sandbox.destroy();
        } catch (RuntimeException e) {
            // Forget it anyway: orphan removal at close (or the next start) removes what is left.
            LOG.warn("destroying sandbox {} ({}) failed", slot.sandbox.id(), reason, e);
        }
        Effects fx = ledger.effects();
        synchronized (ledger.lock) {
            Instant now = ledger.now();
            slot.owner.slots.remove(slot);
            if (reason == DestroyReason.EVICTED) {
                ledger.evictionsInFlight--;
            }
            fx.event(new SandboxDestroyed(now, slot.owner.name(), slot.sandbox.id(), slot.sandbox.containerId(), reason,
                    slot.uses, Duration.between(slot.createdAt, now)));
            replenish(fx);
            settled.accept(fx);
        }
        fx.run();
    }
}
