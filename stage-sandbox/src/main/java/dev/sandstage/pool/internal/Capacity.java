package dev.sandstage.pool.internal;

import dev.sandstage.pool.PoolState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides how many sandboxes to create per class, and which idle ones of other classes to evict,
 * so that waiting acquires are served and every class keeps {@code min-idle}, within each class's
 * {@code max} and the global cap. Waiting acquires come first, oldest first; {@code min-idle}
 * deficits get what is left. A class backing off after failed creates gets nothing until its
 * retry timer fires. Pure function of the ledger; lock held.
 */
final class Capacity {

    /** What to do now: one create per list entry, one eviction per slot. */
    record Plan(List<ClassLedger> creates, List<Slot> evictions) {
        boolean isEmpty() {
            return creates.isEmpty() && evictions.isEmpty();
        }
    }

    private Capacity() {}

    static Plan plan(Ledger ledger) {
        List<ClassLedger> creates = new ArrayList<>();
        List<Slot> evictions = new ArrayList<>();
        if (ledger.state() != PoolState.RUNNING) {
            return new Plan(creates, evictions);
        }
        Map<ClassLedger, Integer> planned = new HashMap<>();
        int globalFree = ledger.config.globalMax() - ledger.total();
        int blockedByGlobal = 0;

        List<ClassLedger> withWaiters = ledger.classes().stream().filter(c -> !c.waiters.isEmpty())
                .sorted(Comparator.comparing((ClassLedger c) -> c.waiters.peekFirst().enqueuedAt)).toList();
        for (ClassLedger cls : withWaiters) {
            int want = cls.waiters.size() - cls.supply();
            int room = cls.backingOff ? 0 : Math.min(want, cls.classRoom());
            int n = Math.max(0, Math.min(room, globalFree));
            add(creates, planned, cls, n);
            globalFree -= n;
            blockedByGlobal += Math.max(0, room - n);
        }
        for (ClassLedger cls : ledger.classes()) {
            int already = planned.getOrDefault(cls, 0);
            int want = cls.waiters.size() + cls.spec.minIdle() - cls.supply() - already;
            int room = cls.backingOff ? 0 : Math.min(want, cls.classRoom() - already);
            int n = Math.max(0, Math.min(room, globalFree));
            add(creates, planned, cls, n);
            globalFree -= n;
        }
        chooseEvictions(ledger, blockedByGlobal - ledger.evictionsInFlight, evictions);
        return new Plan(creates, evictions);
    }

    private static void add(List<ClassLedger> creates, Map<ClassLedger, Integer> planned, ClassLedger cls, int n) {
        for (int i = 0; i < n; i++) {
            creates.add(cls);
        }
        if (n > 0) {
            planned.merge(cls, n, Integer::sum);
        }
    }

    /**
     * Picks up to {@code needed} unpinned idle sandboxes above their class's {@code min-idle},
     * longest idle first. Never goes below a class's {@code min-idle}: that is its reservation.
     */
    private static void chooseEvictions(Ledger ledger, int needed, List<Slot> evictions) {
        Map<ClassLedger, Integer> taken = new HashMap<>();
        while (needed > 0) {
            Slot victim = null;
            for (ClassLedger cls : ledger.classes()) {
                int spare = cls.idle.size() - taken.getOrDefault(cls, 0) - cls.spec.minIdle();
                if (spare <= 0) {
                    continue;
                }
                // idle is most-recently-freed first, so the longest idle not yet taken sits at the tail.
                Slot candidate = new ArrayList<>(cls.idle).get(cls.idle.size() - 1 - taken.getOrDefault(cls, 0));
                if (victim == null || isBefore(candidate.idleSince, victim.idleSince)) {
                    victim = candidate;
                }
            }
            if (victim == null) {
                return;
            }
            evictions.add(victim);
            taken.merge(victim.owner, 1, Integer::sum);
            needed--;
        }
    }

    private static boolean isBefore(Instant a, Instant b) {
        return a.isBefore(b);
    }
}
