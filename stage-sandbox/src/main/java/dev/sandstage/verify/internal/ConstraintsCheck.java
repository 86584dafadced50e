package dev.sandstage.verify.internal;

import dev.sandstage.events.Constraints;
import dev.sandstage.events.NetworkMode;
import dev.sandstage.verify.EffectiveLimits;
import dev.sandstage.verify.ToolCeilings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The constraints step of {@code DecisionVerifier}: every constraint must be at or below the
 * tool's ceiling, and the accepted ones lower the limits. A non-positive number counts as
 * loosening, because container runtimes read 0 or -1 as "unlimited". A network mode this reader
 * does not know ({@code UNKNOWN}, from a newer writer) turns the network off: fail closed.
 * Stateless; any thread.
 */
public final class ConstraintsCheck {

    private ConstraintsCheck() {
    }

    /** One message per constraint that would loosen the ceilings; empty when all tighten. */
    public static List<String> violations(Constraints constraints, ToolCeilings ceilings) {
        List<String> out = new ArrayList<>();
        if (constraints == null) {
            return out;
        }
        check(out, "constraints.timeout_ms", constraints.getTimeoutMs(), ceilings.timeout().toMillis());
        check(out, "constraints.memory_bytes", constraints.getMemoryBytes(), ceilings.memoryBytes());
        check(out, "constraints.cpu_millis", constraints.getCpuMillis(), cpuMillis(ceilings.cpus()));
        check(out, "constraints.max_output_bytes", constraints.getMaxOutputBytes(), ceilings.maxOutputBytes());
        if (constraints.getNetwork() == NetworkMode.EGRESS && !ceilings.networkAllowed()) {
            out.add("constraints.network is EGRESS but the tool has no network");
        }
        return out;
    }

    /** The ceilings lowered by {@code constraints}; call only when {@link #violations} is empty. */
    public static EffectiveLimits tighten(Constraints constraints, ToolCeilings ceilings) {
        EffectiveLimits limits = EffectiveLimits.of(ceilings);
        if (constraints == null) {
            return limits;
        }
        Duration timeout = constraints.getTimeoutMs() == null ? limits.timeout() : Duration.ofMillis(constraints.getTimeoutMs());
        long memory = constraints.getMemoryBytes() == null ? limits.memoryBytes() : constraints.getMemoryBytes();
        double cpus = constraints.getCpuMillis() == null ? limits.cpus() : constraints.getCpuMillis() / 1000.0;
        long output = constraints.getMaxOutputBytes() == null ? limits.maxOutputBytes() : constraints.getMaxOutputBytes();
        boolean network = limits.networkAllowed() && network(constraints.getNetwork());
        return new EffectiveLimits(timeout, memory, cpus, output, network);
    }

    private static boolean network(NetworkMode mode) {
        return mode == null || mode == NetworkMode.EGRESS;
    }

    private static long cpuMillis(double cpus) {
        // Floor, so a millicore value can never exceed a fractional ceiling such as 0.5005.
        return (long) Math.floor(cpus * 1000 + 1e-9);
    }

    private static void check(List<String> out, String field, Long value, long ceiling) {
        if (value == null) {
            return;
        }
        if (value <= 0) {
            out.add(field + " is " + value + "; it must be positive (0 or less means unlimited to the runtime)");
        } else if (value > ceiling) {
            out.add(field + " is " + value + ", above the tool's ceiling of " + ceiling);
        }
    }
}
