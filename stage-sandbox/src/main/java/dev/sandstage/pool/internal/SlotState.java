package dev.sandstage.pool.internal;

import java.util.EnumSet;
import java.util.Set;

/** Where one sandbox is in its life inside the pool; moves are checked by {@link Slot#moveTo}. */
enum SlotState {
    /** Created, not yet handed out or idle (a one-off sandbox goes straight to LEASED). */
    NEW,
    /** Ready; free for anyone (unpinned) or for its session (pinned). */
    IDLE,
    /** Leased to a caller. */
    LEASED,
    /** After a call, waiting for the sandbox to be clean again. */
    RECYCLING,
    /** Being wiped after its session pin ended. */
    RESETTING,
    /** Being health-checked while idle. */
    CHECKING,
    /** Being destroyed; still counts against the caps until the container is gone. */
    DESTROYING;

    Set<SlotState> next() {
        return switch (this) {
            // NEW to LEASED only for a one-off sandbox, leased to the call it was created for.
            case NEW -> EnumSet.of(IDLE, LEASED, DESTROYING);
            case IDLE -> EnumSet.of(LEASED, CHECKING, RESETTING, DESTROYING);
            case LEASED -> EnumSet.of(RECYCLING, DESTROYING);
            case RECYCLING, RESETTING, CHECKING -> EnumSet.of(IDLE, DESTROYING);
            case DESTROYING -> EnumSet.noneOf(SlotState.class);
        };
    }

    /** True while the sandbox is expected back soon, clean, without a new container. */
    boolean returning() {
        return this == RECYCLING || this == RESETTING || this == CHECKING;
    }
}
