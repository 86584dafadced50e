package dev.sandstage.pool.internal;

import dev.sandstage.pool.PoolSnapshot.ClassSnapshot;
import dev.sandstage.pool.SandboxClass;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Bookkeeping of one sandbox class: every live slot, the free ones, session pins, waiting
 * acquires, creates in flight and create-failure backoff. Guarded by the pool lock.
 */
final class ClassLedger {

    final SandboxClass spec;
    /** Every live slot of the class, in any state, until its container is destroyed. */
    final Set<Slot> slots = new LinkedHashSet<>();
    /** Unpinned IDLE slots; most recently freed first, so surplus sandboxes age out by idle TTL. */
    final Deque<Slot> idle = new ArrayDeque<>();
    /** Session id to the slot pinned to it. */
    final Map<String, Slot> pins = new HashMap<>();
    /** Acquires waiting for any sandbox of the class, first come first served. */
    final Deque<Waiter> waiters = new ArrayDeque<>();
    int creating;
    /** One-off sandboxes being created; they count against the caps but are never supply for waiters. */
    int oneOffCreating;
    int consecutiveFailures;
    boolean backingOff;
    String lastCreateError;
    /** Latched once the class has had {@code min-idle} idle sandboxes; readiness reads it. */
    boolean warmed;

    ClassLedger(SandboxClass spec) {
        this.spec = spec;
    }

    String name() {
        return spec.name();
    }

    /** Sandboxes counted against the caps: live ones (destroying included) and those being created. */
    int total() {
        return slots.size() + creating + oneOffCreating;
    }

    /** Room left under the class's own cap. */
    int classRoom() {
        return Math.max(0, spec.max() - total());
    }

    /**
     * Sandboxes that are, or will soon be, free for any caller without a new create being started:
     * idle ones, creates in flight, and unpinned ones being recycled or checked, plus pinned ones
     * being reset (their pin has ended).
     */
    int supply() {
        int n = idle.size() + creating;
        for (Slot s : slots) {
            if (s.state().returning() && (!s.pinned() || s.state() == SlotState.RESETTING)) {
                n++;
            }
        }
        return n;
    }

    long count(SlotState state, boolean pinned) {
        return slots.stream().filter(s -> s.state() == state && s.pinned() == pinned).count();
    }

    int waiting() {
        int n = waiters.size();
        for (Slot pin : pins.values()) {
            n += pin.sessionWaiters.size();
        }
        return n;
    }

    ClassSnapshot snapshot() {
        int idleCount = 0;
        int pinned = 0;
        int busy = 0;
        int checking = 0;
        int destroying = 0;
        for (Slot s : slots) {
            switch (s.state()) {
                case NEW -> checking++;
                case IDLE -> {
                    if (s.pinned()) {
                        pinned++;
                    } else {
                        idleCount++;
                    }
                }
                case LEASED -> busy++;
                case RECYCLING, RESETTING, CHECKING -> checking++;
                case DESTROYING -> destroying++;
            }
        }
        return new ClassSnapshot(spec.name(), spec.minIdle(), spec.max(), idleCount, pinned, busy, checking,
                creating + oneOffCreating,
                destroying, pins.size(), waiting());
    }
}
