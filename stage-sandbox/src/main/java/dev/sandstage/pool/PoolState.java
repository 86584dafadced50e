package dev.sandstage.pool;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle of a {@link SandboxPool}: {@code NEW → STARTING → RUNNING → CLOSING → CLOSED}; a
 * failed start and a close before start skip ahead. Every move is checked against
 * {@link #canMoveTo}.
 */
public enum PoolState {
    /** Built, nothing started. */
    NEW,
    /** Removing orphans of an earlier run; acquires queue. */
    STARTING,
    /** Serving acquires and keeping classes warm. */
    RUNNING,
    /** Failing waiters, waiting for leases, destroying every container. */
    CLOSING,
    /** Everything destroyed; threads stopped. */
    CLOSED;

    /** The states this one may move to. */
    public Set<PoolState> next() {
        return switch (this) {
            case NEW -> EnumSet.of(STARTING, CLOSED);
            case STARTING -> EnumSet.of(RUNNING, CLOSING);
            case RUNNING -> EnumSet.of(CLOSING);
            case CLOSING -> EnumSet.of(CLOSED);
            case CLOSED -> EnumSet.noneOf(PoolState.class);
        };
    }

    public boolean canMoveTo(PoolState target) {
        return next().contains(target);
    }

    /** Returns {@code target}, or throws {@link IllegalStateException} when the move is not allowed. */
    public PoolState moveTo(PoolState target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("sandbox pool cannot move from " + this + " to " + target);
        }
        return target;
    }
}
