package dev.sandstage.consume.internal;

import dev.sandstage.pool.ClassLimits;
import dev.sandstage.pool.SandboxLimits;
import dev.sandstage.verify.EffectiveLimits;

/**
 * Where one accepted call runs, decided from its effective limits against its class's: a warm
 * pooled sandbox, a one-off sandbox with tighter limits, or nowhere.
 *
 * <p><b>Why a one-off sandbox.</b> A warm container carries its class's cgroup memory and CPU
 * limits, fixed when it was created. A decision whose constraints lower memory or CPU below them
 * therefore runs in a container created for that call alone with the lower values
 * ({@link dev.sandstage.pool.SandboxPool#acquireOneOff}): same factory, image, runtime, hardening
 * and labels, destroyed after the call. That is exact on both runtimes and reports a limit hit the
 * way a class limit does (OOM_KILLED; the agent sees the cgroup's OOM kill under runc, the engine
 * reports OOMKilled under runsc). The alternatives were rejected: {@code docker update} of the warm
 * container's cgroup fails under runsc (gVisor, 20221219 and 20240729 alike, has no
 * {@code runsc update}; the engine answers "did not terminate successfully" and usage), and
 * per-run rlimits in the agent are not a memory limit (RLIMIT_AS counts mappings, not charged
 * pages) and there is no per-process CPU quota. The cost is a cold container start per constrained call (see the README); calls whose
 * constraints leave memory and CPU at the class's values (or tighten only timeout, output or
 * network, which the agent and the class enforce per call) take the warm path with no extra
 * engine call.
 *
 * <p><b>Refusals.</b> A session-isolated tool keeps its workspace in the session's pinned
 * sandbox; running the call elsewhere would silently lose it, so such a call is refused instead.
 * So is a value below the smallest a container can have ({@link SandboxLimits#MIN_MEMORY_BYTES},
 * {@link SandboxLimits#MIN_NANO_CPUS}), rather than rounded up past what the decision allowed.
 *
 * <p>Pure; any thread. Called by {@link CallRunner} on an executor thread.
 */
sealed interface SandboxChoice {

    /** The class's limits hold: lease a warm sandbox as usual. */
    record Warm() implements SandboxChoice {}

    /** Memory or CPU is tighter than the class's: run in a one-off sandbox with {@code limits}. */
    record OneOff(ClassLimits limits) implements SandboxChoice {}

    /** Tighter limits that cannot be enforced for this call; it must not run. */
    record Refused(String message) implements SandboxChoice {}

    /**
     * The choice for a call with {@code effective} limits in a class with {@code cls} limits;
     * {@code sessionPinned} when the call must run in its session's sandbox.
     */
    static SandboxChoice of(EffectiveLimits effective, ClassLimits cls, boolean sessionPinned) {
        boolean memory = effective.memoryBytes() < cls.memoryBytes();
        boolean cpu = effective.cpus() < cls.cpus();
        if (!memory && !cpu) {
            return new Warm();
        }
        if (sessionPinned) {
            return new Refused("the constraints lower " + what(memory, cpu) + " below the tool's class, which needs a"
                    + " sandbox of its own, but the tool is session-isolated and its session's sandbox is shared");
        }
        if (effective.memoryBytes() < SandboxLimits.MIN_MEMORY_BYTES) {
            return new Refused("constraints.memory_bytes is " + effective.memoryBytes()
                    + ", below the smallest sandbox memory limit of " + SandboxLimits.MIN_MEMORY_BYTES);
        }
        if (Math.round(effective.cpus() * 1e9) < SandboxLimits.MIN_NANO_CPUS) {
            return new Refused("constraints.cpu_millis asks for " + effective.cpus()
                    + " CPU, below the smallest sandbox CPU quota of " + SandboxLimits.MIN_NANO_CPUS / 1e9);
        }
        return new OneOff(new ClassLimits(Math.min(effective.memoryBytes(), cls.memoryBytes()),
                Math.min(effective.cpus(), cls.cpus()), cls.pids()));
    }

    private static String what(boolean memory, boolean cpu) {
        return memory && cpu ? "memory and CPU" : memory ? "memory" : "CPU";
    }
}
