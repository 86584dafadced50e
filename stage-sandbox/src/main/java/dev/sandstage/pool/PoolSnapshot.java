package dev.sandstage.pool;

import java.time.Instant;
import java.util.List;

/**
 * A consistent picture of the {@link SandboxPool} at one moment, for {@code /pool}, readiness and
 * metrics. Taken under the pool's lock by {@link SandboxPool#snapshot}. Immutable; any thread.
 *
 * @param at when, by the pool's clock
 * @param state lifecycle state
 * @param warm true once every class has had {@code min-idle} idle sandboxes
 * @param total sandboxes of all classes in any state, including creating and destroying
 * @param globalMax the global cap
 * @param classes one entry per class, in configuration order
 */
public record PoolSnapshot(Instant at, PoolState state, boolean warm, int total, int globalMax,
        List<ClassSnapshot> classes) {

    public PoolSnapshot {
        classes = List.copyOf(classes);
    }

    /** The entry for {@code className}; throws when there is none. */
    public ClassSnapshot of(String className) {
        return classes.stream().filter(c -> c.name().equals(className)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sandbox class " + className));
    }

    /**
     * One class's counts. The sandbox counts are disjoint; their sum is {@link #total()}.
     *
     * @param idle ready and free for any caller
     * @param pinned ready but pinned to a session, waiting for that session's next call
     * @param busy leased to a caller (pinned or not)
     * @param checking being recycled, reset or health-checked
     * @param creating being created
     * @param destroying being destroyed
     * @param sessions sessions holding a pinned sandbox (busy or not)
     * @param waiting acquires waiting for a sandbox of this class
     */
    public record ClassSnapshot(String name, int minIdle, int max, int idle, int pinned, int busy, int checking,
            int creating, int destroying, int sessions, int waiting) {

        public int total() {
            return idle + pinned + busy + checking + creating + destroying;
        }
    }
}
