package dev.sandstage.pool;

import java.util.Map;
import java.util.Objects;

/**
 * What the {@link SandboxPool} asks a {@link SandboxFactory} to create: one sandbox of
 * {@code sandboxClass}, with the id the pool chose, owned by stage instance {@code instanceId}.
 * Immutable; any thread.
 *
 * @param instanceId the stage instance that owns the container (label {@link SandboxLabels#INSTANCE})
 * @param sandboxId the pool's id for the sandbox, unique within the instance's run
 * @param sandboxClass image, runtime, hardening profile and limits to create it with
 */
public record SandboxCreateRequest(String instanceId, String sandboxId, SandboxClass sandboxClass) {

    public SandboxCreateRequest {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(sandboxId, "sandboxId");
        Objects.requireNonNull(sandboxClass, "sandboxClass");
    }

    /** The labels the container must carry, so orphan removal and operators can find it. */
    public Map<String, String> labels() {
        return Map.of(
                SandboxLabels.INSTANCE, instanceId,
                SandboxLabels.CLASS, sandboxClass.name(),
                SandboxLabels.SANDBOX, sandboxId);
    }
}
