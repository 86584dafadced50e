package dev.sandstage.verify;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits a tool runs under when a decision sets no constraints, and the most any decision
 * may ask for. Built by the catalog from its tool entries; read by the {@link DecisionVerifier}
 * to compute {@link EffectiveLimits}. Immutable; any thread.
 *
 * @param timeout wall-clock limit of one call
 * @param memoryBytes memory limit of the sandbox
 * @param cpus CPU quota in cores, e.g. {@code 0.5}
 * @param maxOutputBytes cap on each of stdout and stderr
 * @param networkAllowed whether the tool may use the network at all
 */
public record ToolCeilings(Duration timeout, long memoryBytes, double cpus, long maxOutputBytes, boolean networkAllowed) {

    public ToolCeilings {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException("memoryBytes must be positive, got " + memoryBytes);
        }
        if (!(cpus > 0) || Double.isInfinite(cpus)) {
            throw new IllegalArgumentException("cpus must be a positive number of cores, got " + cpus);
        }
        if (maxOutputBytes <= 0) {
            throw new IllegalArgumentException("maxOutputBytes must be positive, got " + maxOutputBytes);
        }
    }
}
