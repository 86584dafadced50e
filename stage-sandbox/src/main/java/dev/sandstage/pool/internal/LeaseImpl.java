package dev.sandstage.pool.internal;

import dev.sandstage.pool.Sandbox;
import dev.sandstage.pool.SandboxLease;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** The pool's {@link SandboxLease}: immutable apart from the released flag, which any thread may flip once. */
final class LeaseImpl implements SandboxLease {

    final WarmPool pool;
    final Slot slot;
    private final Optional<String> sessionId;
    private final int useNumber;
    private final Instant acquiredAt;
    private final Duration waited;
    private final AtomicBoolean released = new AtomicBoolean();

    LeaseImpl(WarmPool pool, Slot slot, Optional<String> sessionId, int useNumber, Instant acquiredAt, Duration waited) {
        this.pool = pool;
        this.slot = slot;
        this.sessionId = sessionId;
        this.useNumber = useNumber;
        this.acquiredAt = acquiredAt;
        this.waited = waited;
    }

    /** True the first time only. */
    boolean markReleased() {
        return released.compareAndSet(false, true);
    }

    @Override
    public Sandbox sandbox() {
        return slot.sandbox;
    }

    @Override
    public String className() {
        return slot.owner.spec.name();
    }

    @Override
    public Optional<String> sessionId() {
        return sessionId;
    }

    @Override
    public int useNumber() {
        return useNumber;
    }

    @Override
    public Instant acquiredAt() {
        return acquiredAt;
    }

    @Override
    public Duration waited() {
        return waited;
    }

    @Override
    public String toString() {
        return "lease of " + slot.sandbox.id() + " (use " + useNumber + sessionId.map(s -> ", session " + s).orElse("") + ")";
    }
}
