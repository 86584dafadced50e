package dev.sandstage.pool.internal;

import dev.sandstage.pool.DestroyReason;
import dev.sandstage.pool.PoolClosedException;
import dev.sandstage.pool.PoolEvent.OrphansRemoved;
import dev.sandstage.pool.PoolState;
import dev.sandstage.pool.SandboxFactory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The close sequence of {@link WarmPool}: fail waiters, destroy idle sandboxes now and leased ones
 * on release (or when the grace runs out), then, once nothing is left or in flight, a last orphan
 * removal on a worker, CLOSED, and the threads stop. Methods marked "lock held" run under the
 * pool lock; the others take it.
 */
final class Shutdown {

    private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

    private final Ledger ledger;
    private final SandboxFactory factory;
    private final Handout handout;
    private final SandboxOps ops;
    private final Promise<Void> closed = Promise.promise();
    private boolean finishing;

    Shutdown(Ledger ledger, SandboxFactory factory, Handout handout, SandboxOps ops) {
        this.ledger = ledger;
        this.factory = factory;
        this.handout = handout;
        this.ops = ops;
    }

    Future<Void> future() {
        return closed.future();
    }

    PoolClosedException closedError(String message) {
        return new PoolClosedException(message, Map.of("instance", ledger.config.instanceId()));
    }

    /** Lock held: a pool that never started has nothing to clean up. */
    void closeUnstarted(Effects fx) {
        ledger.moveTo(PoolState.CLOSED);
        ledger.threads.shutdown();
        fx.add(() -> closed.tryComplete());
    }

    /** Lock held. */
    void begin(PoolClosedException error, Effects fx) {
        ledger.moveTo(PoolState.CLOSING);
        handout.failAll(error, fx);
        boolean anyLeased = false;
        for (ClassLedger cls : ledger.classes()) {
            for (Slot slot : List.copyOf(cls.slots)) {
                if (slot.state() == SlotState.IDLE) {
                    ops.destroy(slot, DestroyReason.SHUTDOWN, fx);
                }
                anyLeased |= slot.state() == SlotState.LEASED;
            }
        }
        if (anyLeased) {
            Duration grace = ledger.config.tuning().closeGrace();
            ledger.threads.sweeper().schedule(this::revokeLeases, grace.toNanos(), TimeUnit.NANOSECONDS);
        }
        settle(fx);
    }

    /** Lock held: after every completed operation; finishes the close once nothing is left. */
    void settle(Effects fx) {
        if (ledger.state() != PoolState.CLOSING || finishing) {
            return;
        }
        for (ClassLedger cls : ledger.classes()) {
            if (cls.total() > 0) {
                return;
            }
        }
        finishing = true;
        fx.execute(ledger.threads.workers(), this::finish);
    }

    /** On the sweeper, when the close grace ran out: destroy sandboxes still leased. */
    private void revokeLeases() {
        Effects fx = ledger.effects();
        synchronized (ledger.lock) {
            for (ClassLedger cls : ledger.classes()) {
                for (Slot slot : List.copyOf(cls.slots)) {
                    if (slot.state() == SlotState.LEASED) {
                        LOG.warn("sandbox {} still leased after the close grace; destroying it", slot.sandbox.id());
                        ops.destroy(slot, DestroyReason.SHUTDOWN, fx);
                    }
                }
            }
        }
        fx.run();
    }

    /** On a worker: a last orphan sweep catches containers whose destroy failed, then stop. */
    private void finish() {
        String instance = ledger.config.instanceId();
        try {
            int removed = factory.removeOrphans(instance);
            if (removed > 0) {
                ledger.events.publish(new OrphansRemoved(ledger.now(), instance, removed));
            }
        } catch (RuntimeException e) {
            LOG.warn("sandbox pool {}: final orphan removal failed", instance, e);
        }
        synchronized (ledger.lock) {
            ledger.moveTo(PoolState.CLOSED);
            ledger.threads.shutdown();
        }
        closed.tryComplete();
    }
}
