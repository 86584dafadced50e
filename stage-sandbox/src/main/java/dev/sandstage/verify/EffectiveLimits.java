package dev.sandstage.verify;

import java.time.Duration;

/**
 * The limits one accepted call runs under: the tool's {@link ToolCeilings}, lowered wherever the
 * decision's constraints ask for less. Produced by the {@link DecisionVerifier} in
 * {@link Verdict.Accepted}; read by the scheduler and the sandbox request. Immutable; any thread.
 *
 * @param timeout wall-clock limit of the call
 * @param memoryBytes memory limit
 * @param cpus CPU quota in cores
 * @param maxOutputBytes cap on each of stdout and stderr
 * @param networkAllowed whether the call may use the network
 */
public record EffectiveLimits(Duration timeout, long memoryBytes, double cpus, long maxOutputBytes, boolean networkAllowed) {

    /** The tool's own ceilings, unchanged: a decision without constraints. */
    public static EffectiveLimits of(ToolCeilings ceilings) {
        return new EffectiveLimits(ceilings.timeout(), ceilings.memoryBytes(), ceilings.cpus(),
                ceilings.maxOutputBytes(), ceilings.networkAllowed());
    }
}
