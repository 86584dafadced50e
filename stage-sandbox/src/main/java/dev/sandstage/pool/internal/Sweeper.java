package dev.sandstage.pool.internal;

import dev.sandstage.pool.DestroyReason;
import dev.sandstage.pool.PoolEvent.SessionUnpinned;
import dev.sandstage.pool.PoolState;
import dev.sandstage.pool.SandboxClass;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic sweep on {@code sandstage-pool-sweeper}: expires waiters past their deadline by the
 * pool clock, destroys unpinned sandboxes idle for {@code idle-ttl}, ends session pins idle for
 * {@code session-idle-timeout} (reset, then back to the free set), pings idle sandboxes due a
 * health check, and tops classes up. Also arms each waiter's own deadline timer, so a deadline
 * never depends on the sweep interval. Sweep work takes the pool lock; blocking calls go to the
 * workers.
 */
final class Sweeper {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final Ledger ledger;
    private final Handout handout;
    private final SandboxOps ops;
    private ScheduledFuture<?> periodic;

    Sweeper(Ledger ledger, Handout handout, SandboxOps ops) {
        this.ledger = ledger;
        this.handout = handout;
        this.ops = ops;
    }

    /** Lock held. */
    void start() {
        long every = ledger.config.tuning().sweepInterval().toNanos();
        periodic = ledger.threads.sweeper().scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.NANOSECONDS);
    }

    /** Lock held. */
    void stop() {
        if (periodic != null) {
            periodic.cancel(false);
        }
    }

    /** Lock held: fails {@code w} with PoolExhausted after {@code deadline} unless served first. */
    void armDeadline(Waiter w, Duration deadline) {
        w.timer = ledger.threads.sweeper().schedule(() -> {
            Effects fx = ledger.effects();
            synchronized (ledger.lock) {
                handout.expire(w, fx);
            }
            fx.run();
        }, deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** One sweep now; the periodic task calls it, and tests may too. Takes the lock. */
    void sweep() {
        Effects fx = ledger.effects();
        try {
            synchronized (ledger.lock) {
                sweep(fx);
            }
        } catch (RuntimeException e) {
            // A periodic task that throws is never scheduled again; log and keep sweeping.
            LOG.error("sandbox pool sweep failed", e);
        }
        fx.run();
    }

    private void sweep(Effects fx) {
        if (ledger.state() != PoolState.RUNNING) {
            return;
        }
        Instant now = ledger.now();
        for (Waiter w : handout.queued()) {
            if (!now.isBefore(w.deadlineAt)) {
                handout.expire(w, fx);
            }
        }
        Duration healthEvery = ledger.config.tuning().healthCheckInterval();
        for (ClassLedger cls : ledger.classes()) {
            SandboxClass spec = cls.spec;
            for (Slot slot : List.copyOf(cls.slots)) {
                if (slot.state() != SlotState.IDLE) {
                    continue;
                }
                if (!slot.pinned() && reached(slot.idleSince, now, spec.idleTtl())) {
                    ops.destroy(slot, DestroyReason.IDLE_TTL, fx);
                } else if (slot.pinned() && reached(slot.sessionLastUsed, now, spec.sessionIdleTimeout())) {
                    fx.event(new SessionUnpinned(now, cls.name(), slot.session, slot.sandbox.id(),
                            Duration.between(slot.sessionLastUsed, now)));
                    handout.unpin(slot);
                    ops.reset(slot, fx);
                } else if (reached(slot.lastChecked, now, healthEvery)) {
                    ops.ping(slot, fx);
                }
            }
        }
        ops.replenish(fx);
    }

    private static boolean reached(Instant since, Instant now, Duration limit) {
        return Duration.between(since, now).compareTo(limit) >= 0;
    }
}
