package dev.sandstage.pool.internal;

import dev.sandstage.pool.PoolConfig;
import dev.sandstage.pool.PoolSnapshot;
import dev.sandstage.pool.PoolState;
import dev.sandstage.pool.SandboxClass;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pool's shared state: configuration, clock, threads, lifecycle state and one
 * {@link ClassLedger} per class. {@link #lock} guards every mutable field here and in the class
 * ledgers, slots and waiters; methods marked "lock held" expect the caller to hold it.
 */
final class Ledger {

    final Object lock = new Object();
    final PoolConfig config;
    final Clock clock;
    final PoolThreads threads;
    final EventHub events;
    private final Map<String, ClassLedger> classes = new LinkedHashMap<>();
    private final AtomicLong sandboxSeq = new AtomicLong();
    private PoolState state = PoolState.NEW;
    /** Sandboxes being destroyed to make global room for another class's waiters. */
    int evictionsInFlight;

    Ledger(PoolConfig config, Clock clock, PoolThreads threads, EventHub events) {
        this.config = config;
        this.clock = clock;
        this.threads = threads;
        this.events = events;
        for (SandboxClass c : config.classes()) {
            classes.put(c.name(), new ClassLedger(c));
        }
    }

    Instant now() {
        return clock.instant();
    }

    Effects effects() {
        return new Effects(events);
    }

    /** Lock held. */
    PoolState state() {
        return state;
    }

    /** Lock held; throws on a move {@link PoolState#canMoveTo} forbids. */
    void moveTo(PoolState target) {
        state = state.moveTo(target);
    }

    /** Lock held. */
    boolean shuttingDown() {
        return state == PoolState.CLOSING || state == PoolState.CLOSED;
    }

    ClassLedger classLedger(String name) {
        return classes.get(name);
    }

    Collection<ClassLedger> classes() {
        return classes.values();
    }

    String nextSandboxId(ClassLedger cls) {
        return cls.name() + "-" + sandboxSeq.incrementAndGet();
    }

    /** {@code <class>-once-<n>}: a one-off sandbox says so in its id, container name and audit. */
    String nextOneOffId(ClassLedger cls) {
        return cls.name() + "-once-" + sandboxSeq.incrementAndGet();
    }

    /** Lock held. Sandboxes of all classes counted against the global cap. */
    int total() {
        int n = 0;
        for (ClassLedger c : classes.values()) {
            n += c.total();
        }
        return n;
    }

    /**
     * Lock held. Latches each class that has {@code min-idle} unpinned idle sandboxes now; true
     * once every class has been latched (classes need not be warm at the same instant, so load on
     * one class cannot keep the whole pool from ever being ready).
     */
    boolean everyClassWarmed() {
        boolean all = true;
        for (ClassLedger c : classes.values()) {
            c.warmed |= c.idle.size() >= c.spec.minIdle();
            all &= c.warmed;
        }
        return all;
    }

    /** Lock held. */
    PoolSnapshot snapshot(boolean warm) {
        List<PoolSnapshot.ClassSnapshot> list = new ArrayList<>();
        for (ClassLedger c : classes.values()) {
            list.add(c.snapshot());
        }
        return new PoolSnapshot(now(), state, warm, total(), config.globalMax(), list);
    }
}
