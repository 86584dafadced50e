package dev.sandstage.pool.internal;

import dev.sandstage.pool.PoolEvent.AcquireOutcome;
import dev.sandstage.pool.PoolEvent.AcquireWaited;
import dev.sandstage.pool.PoolExhaustedException;
import dev.sandstage.pool.PoolSnapshot.ClassSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches ready sandboxes with acquires: immediate leases, waiting queues (per class and per
 * pinned session), serving the first waiter when a sandbox becomes ready, session pins, and
 * expiring waiters at their deadline. Pure bookkeeping; every method runs with the pool lock held
 * and defers completions and events to the given {@link Effects}.
 */
final class Handout {

    private final Ledger ledger;
    private final WarmPool pool;

    Handout(Ledger ledger, WarmPool pool) {
        this.ledger = ledger;
        this.pool = pool;
    }

    /** A lease at once if a suitable sandbox is ready, else null. */
    LeaseImpl tryImmediate(ClassLedger cls, Optional<String> session, Instant now) {
        if (session.isPresent()) {
            Slot pin = cls.pins.get(session.get());
            if (pin != null) {
                return pin.state() == SlotState.IDLE ? lease(pin, session, now, Duration.ZERO) : null;
            }
        }
        Slot slot = cls.idle.pollFirst();
        return slot == null ? null : lease(slot, session, now, Duration.ZERO);
    }

    /** Queues a waiter behind its session's pinned sandbox, or in its class's queue. */
    void enqueue(Waiter w) {
        Slot pin = w.session.map(w.owner.pins::get).orElse(null);
        if (pin != null) {
            pin.sessionWaiters.addLast(w);
        } else {
            w.owner.waiters.addLast(w);
        }
    }

    /**
     * A sandbox became ready (created, recycled, reset or checked): serve the first waiter that
     * may have it, or leave it idle. {@code cleaned} restarts its idle clock; a health check does not.
     */
    void makeAvailable(Slot slot, boolean cleaned, Effects fx) {
        Instant now = ledger.now();
        slot.moveTo(SlotState.IDLE);
        slot.lastChecked = now;
        if (cleaned) {
            slot.idleSince = now;
        }
        ClassLedger cls = slot.owner;
        if (slot.pinned()) {
            Waiter w = slot.sessionWaiters.pollFirst();
            if (w == null) {
                w = takeClassWaiterOf(cls, slot.session);
            }
            if (w != null) {
                serve(w, slot, fx);
            }
            return;
        }
        Waiter w;
        while ((w = cls.waiters.pollFirst()) != null) {
            Slot pin = w.session.map(cls.pins::get).orElse(null);
            if (pin == null) {
                serve(w, slot, fx);
                return;
            }
            // The waiter's session got pinned while it queued: it must have that sandbox, not this one.
            if (pin.state() == SlotState.IDLE) {
                serve(w, pin, fx);
            } else {
                pin.sessionWaiters.addLast(w);
            }
        }
        cls.idle.addFirst(slot);
    }

    /** Ends a slot's session pin; the session's waiters go back to the front of the class queue, in order. */
    void unpin(Slot slot) {
        if (!slot.pinned()) {
            return;
        }
        ClassLedger cls = slot.owner;
        cls.pins.remove(slot.session, slot);
        slot.session = null;
        slot.sessionLastUsed = null;
        Iterator<Waiter> it = slot.sessionWaiters.descendingIterator();
        while (it.hasNext()) {
            cls.waiters.addFirst(it.next());
        }
        slot.sessionWaiters.clear();
    }

    /** Fails the waiter with {@link PoolExhaustedException} unless it was served meanwhile. */
    void expire(Waiter w, Effects fx) {
        if (!w.finish()) {
            return;
        }
        ClassLedger cls = w.owner;
        removeQueued(w);
        Instant now = ledger.now();
        Duration waited = Duration.between(w.enqueuedAt, now);
        PoolExhaustedException error = new PoolExhaustedException(cls.name(), waited, exhaustedContext(cls, w, waited));
        fx.event(new AcquireWaited(now, cls.name(), w.session, waited, AcquireOutcome.EXHAUSTED));
        fx.add(() -> w.promise.tryFail(error));
    }

    /** Fails every waiting acquire with {@code error} (the pool is closing). */
    void failAll(RuntimeException error, Effects fx) {
        Instant now = ledger.now();
        for (ClassLedger cls : ledger.classes()) {
            List<Waiter> all = new ArrayList<>(cls.waiters);
            cls.pins.values().forEach(pin -> all.addAll(pin.sessionWaiters));
            cls.waiters.clear();
            cls.pins.values().forEach(pin -> pin.sessionWaiters.clear());
            for (Waiter w : all) {
                if (w.finish()) {
                    Duration waited = Duration.between(w.enqueuedAt, now);
                    fx.event(new AcquireWaited(now, cls.name(), w.session, waited, AcquireOutcome.CLOSED));
                    fx.add(() -> w.promise.tryFail(error));
                }
            }
        }
    }

    /** Every waiter still queued, for deadline sweeps. */
    List<Waiter> queued() {
        List<Waiter> all = new ArrayList<>();
        for (ClassLedger cls : ledger.classes()) {
            all.addAll(cls.waiters);
            cls.pins.values().forEach(pin -> all.addAll(pin.sessionWaiters));
        }
        return all;
    }

    private void serve(Waiter w, Slot slot, Effects fx) {
        w.finish();
        Instant now = ledger.now();
        Duration waited = Duration.between(w.enqueuedAt, now);
        LeaseImpl lease = lease(slot, w.session, now, waited);
        // Event first: audit sees the wait before the caller's continuation runs.
        fx.event(new AcquireWaited(now, slot.owner.name(), w.session, waited, AcquireOutcome.SERVED));
        fx.add(() -> w.promise.tryComplete(lease));
    }

    private LeaseImpl lease(Slot slot, Optional<String> session, Instant now, Duration waited) {
        slot.moveTo(SlotState.LEASED);
        slot.uses++;
        if (session.isPresent() && !slot.pinned()) {
            slot.session = session.get();
            slot.owner.pins.put(slot.session, slot);
        }
        if (slot.pinned()) {
            slot.sessionLastUsed = now;
        }
        slot.lease = new LeaseImpl(pool, slot, session, slot.uses, now, waited);
        return slot.lease;
    }

    private static Waiter takeClassWaiterOf(ClassLedger cls, String session) {
        for (Iterator<Waiter> it = cls.waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.session.isPresent() && w.session.get().equals(session)) {
                it.remove();
                return w;
            }
        }
        return null;
    }

    private static void removeQueued(Waiter w) {
        ClassLedger cls = w.owner;
        if (!cls.waiters.remove(w) && w.session.isPresent()) {
            Slot pin = cls.pins.get(w.session.get());
            if (pin != null) {
                pin.sessionWaiters.remove(w);
            }
        }
    }

    private Map<String, Object> exhaustedContext(ClassLedger cls, Waiter w, Duration waited) {
        ClassSnapshot s = cls.snapshot();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("class", cls.name());
        w.session.ifPresent(id -> context.put("session", id));
        context.put("waited", waited);
        context.put("idle", s.idle());
        context.put("busy", s.busy());
        context.put("pinned", s.pinned());
        context.put("checking", s.checking());
        context.put("creating", s.creating());
        context.put("waiting", s.waiting());
        context.put("classMax", s.max());
        context.put("globalTotal", ledger.total());
        context.put("globalMax", ledger.config.globalMax());
        if (cls.lastCreateError != null) {
            context.put("lastCreateError", cls.lastCreateError);
        }
        return context;
    }
}
