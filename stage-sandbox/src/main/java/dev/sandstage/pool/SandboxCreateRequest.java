package dev.sandstage.pool;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@link SandboxPool} asks a {@link SandboxFactory} to create: one sandbox of
 * {@code sandboxClass}, with the id the pool chose, owned by stage instance {@code instanceId},
 * under {@code limits}: the class's own for a pooled sandbox, tighter ones for a one-off sandbox
 * ({@link SandboxPool#acquireOneOff}). Immutable; any thread.
 *
 * @param instanceId the stage instance that owns the container (label {@link SandboxLabels#INSTANCE})
 * @param sandboxId the pool's id for the sandbox, unique within the instance's run
 * @param sandboxClass image, runtime and hardening profile to create it with
 * @param limits memory, CPU and process limits of the container; never above the class's
 * @param oneOff true for a sandbox created for one call and destroyed after it (label {@link SandboxLabels#ONE_OFF})
 */
public record SandboxCreateRequest(String instanceId, String sandboxId, SandboxClass sandboxClass, ClassLimits limits,
        boolean oneOff) {

    public SandboxCreateRequest {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(sandboxId, "sandboxId");
        Objects.requireNonNull(sandboxClass, "sandboxClass");
        Objects.requireNonNull(limits, "limits");
    }

    /** A pooled sandbox: the class's own limits. */
    public SandboxCreateRequest(String instanceId, String sandboxId, SandboxClass sandboxClass) {
        this(instanceId, sandboxId, sandboxClass, sandboxClass.limits(), false);
    }

    /**
     * The labels the container must carry, so orphan removal and operators can find it: the same
     * three for every sandbox, plus {@link SandboxLabels#ONE_OFF} on a one-off one.
     */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(SandboxLabels.INSTANCE, instanceId);
        labels.put(SandboxLabels.CLASS, sandboxClass.name());
        labels.put(SandboxLabels.SANDBOX, sandboxId);
        if (oneOff) {
            labels.put(SandboxLabels.ONE_OFF, "true");
        }
        return Map.copyOf(labels);
    }
}
