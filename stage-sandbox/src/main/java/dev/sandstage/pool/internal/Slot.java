package dev.sandstage.pool.internal;

import dev.sandstage.pool.Sandbox;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The pool's record of one live sandbox: its state, use count, idle and health timestamps, and
 * its session pin with the session's waiting acquires. Guarded by the pool lock; every field is
 * read and written only while holding it.
 */
final class Slot {

    final Sandbox sandbox;
    final ClassLedger owner;
    final Instant createdAt;
    /** Created for one call with tighter limits than its class: leased once, then destroyed, never pooled. */
    final boolean oneOff;
    private SlotState state = SlotState.NEW;
    int uses;
    Instant idleSince;
    Instant lastChecked;
    /** The session this sandbox is pinned to, or null. */
    String session;
    Instant sessionLastUsed;
    /** Acquires of {@link #session} waiting while the sandbox is busy, first come first served. */
    final Deque<Waiter> sessionWaiters = new ArrayDeque<>();
    /** The current lease while {@link SlotState#LEASED}, else null. */
    LeaseImpl lease;

    Slot(Sandbox sandbox, ClassLedger owner, Instant createdAt) {
        this(sandbox, owner, createdAt, false);
    }

    Slot(Sandbox sandbox, ClassLedger owner, Instant createdAt, boolean oneOff) {
        this.oneOff = oneOff;
        this.sandbox = sandbox;
        this.owner = owner;
        this.createdAt = createdAt;
        this.idleSince = createdAt;
        this.lastChecked = createdAt;
    }

    SlotState state() {
        return state;
    }

    void moveTo(SlotState target) {
        if (!state.next().contains(target)) {
            throw new IllegalStateException("sandbox " + sandbox.id() + " cannot move from " + state + " to " + target);
        }
        state = target;
    }

    boolean pinned() {
        return session != null;
    }

    @Override
    public String toString() {
        return sandbox.id() + "[" + state + (session == null ? "" : ", session " + session) + ", uses " + uses + "]";
    }
}
