package dev.sandstage.pool;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the engine needs to create one hardened sandbox container, as plain values; made
 * by {@link ContainerSpecs#forSandbox}. {@link #applyTo} writes it onto a docker-java
 * {@code createContainerCmd}; the pool then starts the container and attaches to its
 * stdin/stdout, where the agent (PID 1, {@link #entrypoint()}) speaks the frame protocol.
 *
 * <p>Nullable: {@link #shmBytes()} (no {@code /dev/shm} when IPC mode is {@code none}),
 * {@link #pidsLimit()} (not set under runsc) and {@link #oomScoreAdj()} (set only under runsc).
 * {@link #ulimits()} maps an rlimit name to its soft and hard value, which are always equal so a
 * tool cannot raise them.
 *
 * <p>Immutable; any thread. {@link #hostConfig()} builds a fresh docker-java object per call
 * because that type is mutable.
 */
public record ContainerSpec(
        String image,
        SandboxRuntime runtime,
        String profileName,
        String user,
        String workingDir,
        String hostname,
        List<String> env,
        Map<String, String> labels,
        List<String> entrypoint,
        boolean readonlyRootfs,
        Map<String, String> tmpfs,
        String ipcMode,
        Long shmBytes,
        long memoryBytes,
        long nanoCpus,
        Long pidsLimit,
        Integer oomScoreAdj,
        Map<String, Long> ulimits,
        List<String> securityOpts) {

    /** The only network mode a sandbox gets. */
    public static final String NETWORK_MODE = "none";

    public ContainerSpec {
        env = List.copyOf(env);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        entrypoint = List.copyOf(entrypoint);
        tmpfs = Collections.unmodifiableMap(new LinkedHashMap<>(tmpfs));
        ulimits = Collections.unmodifiableMap(new LinkedHashMap<>(ulimits));
        securityOpts = List.copyOf(securityOpts);
    }

    /** The engine-side settings, freshly built. */
    public HostConfig hostConfig() {
        List<Ulimit> rlimits = new ArrayList<>();
        ulimits.forEach((name, value) -> rlimits.add(new Ulimit(name, value, value)));
        return HostConfig.newHostConfig()
                .withRuntime(runtime.engineName())
                .withPrivileged(false)
                .withNetworkMode(NETWORK_MODE)
                .withReadonlyRootfs(readonlyRootfs)
                .withTmpFs(new LinkedHashMap<>(tmpfs))
                .withIpcMode(ipcMode)
                .withShmSize(shmBytes)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(new ArrayList<>(securityOpts))
                .withMemory(memoryBytes)
                .withMemorySwap(memoryBytes)
                .withNanoCPUs(nanoCpus)
                .withPidsLimit(pidsLimit)
                .withOomScoreAdj(oomScoreAdj)
                .withUlimits(rlimits)
                // The agent is PID 1 and reaps; docker-init would sit between it and the stage.
                .withInit(false)
                .withAutoRemove(false);
    }

    /**
     * Writes the whole spec onto {@code cmd} (created with {@link #image()}) and returns it. The
     * streams are attached and stdin stays open for the container's life: the stage never closes
     * it, since the attach transport does not forward EOF anyway.
     */
    public CreateContainerCmd applyTo(CreateContainerCmd cmd) {
        return cmd.withImage(image)
                .withHostConfig(hostConfig())
                .withUser(user)
                .withWorkingDir(workingDir)
                .withHostName(hostname)
                .withEnv(env)
                .withLabels(labels)
                .withEntrypoint(entrypoint)
                .withNetworkDisabled(true)
                .withTty(false)
                .withStdinOpen(true)
                .withStdInOnce(false)
                .withAttachStdin(true)
                .withAttachStdout(true)
                .withAttachStderr(true);
    }
}
