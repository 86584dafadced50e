package dev.sandstage.pool.internal;

import dev.sandstage.pool.ClassLimits;
import dev.sandstage.pool.DestroyReason;
import dev.sandstage.pool.PoolEvent.SandboxCreated;
import dev.sandstage.pool.Sandbox;
import dev.sandstage.pool.SandboxCreateRequest;
import dev.sandstage.pool.SandboxFactory;
import dev.sandstage.pool.SandboxLease;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-off sandboxes of {@link WarmPool#acquireOneOff}: created on a worker with the call's
 * tighter limits, booked as a {@link Slot} of their class (so they count against the caps, show
 * as busy in snapshots and are destroyed by a close like any leased sandbox), leased straight
 * from {@link SlotState#NEW}, and destroyed on release. {@link #acquire} runs with the pool lock
 * held; the create completion runs on a worker and takes the lock itself.
 */
final class OneOffs {

    private static final Logger LOG = LoggerFactory.getLogger(OneOffs.class);

    private final Ledger ledger;
    private final WarmPool pool;
    private final SandboxFactory factory;
    private final SandboxOps ops;
    private final Consumer<Effects> settled;
    private final Function<String, RuntimeException> closedError;

    OneOffs(Ledger ledger, WarmPool pool, SandboxFactory factory, SandboxOps ops, Consumer<Effects> settled,
            Function<String, RuntimeException> closedError) {
        this.ledger = ledger;
        this.pool = pool;
        this.factory = factory;
        this.ops = ops;
        this.settled = settled;
        this.closedError = closedError;
    }

    /** Lock held: books the create and starts it on a worker. */
    Future<SandboxLease> acquire(ClassLedger cls, ClassLimits limits, Effects fx) {
        ClassLimits ceiling = cls.spec.limits();
        if (limits.memoryBytes() > ceiling.memoryBytes() || limits.cpus() > ceiling.cpus()
                || limits.pids() > ceiling.pids()) {
            throw new IllegalArgumentException("one-off limits " + limits + " are above class " + cls.name()
                    + "'s " + ceiling);
        }
        cls.oneOffCreating++;
        SandboxCreateRequest request = new SandboxCreateRequest(ledger.config.instanceId(), ledger.nextOneOffId(cls),
                cls.spec, limits, true);
        Promise<SandboxLease> promise = Promise.promise();
        Instant requested = ledger.now();
        fx.execute(ledger.threads.workers(), () -> create(cls, request, requested, promise));
        return promise.future();
    }

    /** On a worker. */
    private void create(ClassLedger cls, SandboxCreateRequest request, Instant requested,
            Promise<SandboxLease> promise) {
        Sandbox sandbox;
        try {
            sandbox = factory.create(request);
        } catch (RuntimeException e) {
            LOG.warn("creating one-off sandbox {} with {} failed", request.sandboxId(), request.limits(), e);
            Effects fx = ledger.effects();
            synchronized (ledger.lock) {
                cls.oneOffCreating--;
                ops.replenish(fx);
                settled.accept(fx);
            }
            fx.add(() -> promise.tryFail(e));
            fx.run();
            return;
        }
        // Before it is booked, as for pooled sandboxes (SandboxOps): nothing about it may overtake this event.
        Instant created = ledger.now();
        ledger.events.publish(new SandboxCreated(created, cls.name(), sandbox.id(), sandbox.containerId(),
                Duration.between(requested, created)));
        Effects fx = ledger.effects();
        synchronized (ledger.lock) {
            Instant now = ledger.now();
            cls.oneOffCreating--;
            Slot slot = new Slot(sandbox, cls, now, true);
            cls.slots.add(slot);
            if (ledger.shuttingDown()) {
                ops.destroy(slot, DestroyReason.SHUTDOWN, fx);
                RuntimeException closed = closedError.apply("the sandbox pool closed while a one-off sandbox of "
                        + cls.name() + " was created");
                fx.add(() -> promise.tryFail(closed));
            } else {
                slot.moveTo(SlotState.LEASED);
                slot.uses = 1;
                slot.lease = new LeaseImpl(pool, slot, Optional.empty(), 1, now, Duration.between(requested, now));
                LeaseImpl lease = slot.lease;
                fx.add(() -> promise.complete(lease));
            }
            settled.accept(fx);
        }
        fx.run();
    }
}
