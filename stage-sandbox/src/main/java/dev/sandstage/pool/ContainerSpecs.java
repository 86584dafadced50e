package dev.sandstage.pool;

import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.pool.internal.SeccompProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a sandbox class (image, runtime, hardening profile, limits) into the
 * {@link ContainerSpec} the pool creates its containers from. What every profile keeps is
 * listed on {@link HardeningProfile}; runtime differences are decided here:
 *
 * <ul>
 *   <li>runc: cgroup pids limit; no RLIMIT_NPROC (it would count every uid-65534 process on the
 *       host).</li>
 *   <li>runsc: no cgroup pids limit (gVisor's own threads share the cgroup and the sandbox dies
 *       under a low one); RLIMIT_NPROC {@code = pidsLimit} instead, counted inside the sandbox.
 *       An explicit {@code /tmp} tmpfs replaces the unbounded one gVisor mounts by itself.
 *       {@code oom_score_adj} 1000, so a memory-limit hit ends the whole sandbox
 *       ({@link SandboxRuntime#oomScoreAdj()}). The seccomp profile holds inside gVisor when
 *       runsc is registered with {@code --oci-seccomp}; tmpfs {@code nr_inodes} is ignored. With
 *       IPC mode {@code none}, {@code /dev/shm} is an empty root-owned directory of the sentry's
 *       {@code /dev}, not writable by the sandbox user.</li>
 * </ul>
 *
 * <p>Stateless; any thread. Called by the pool when it defines a sandbox class.
 */
public final class ContainerSpecs {

    /** uid:gid of everything in the sandbox: nobody:nogroup. */
    public static final String USER = "65534:65534";
    public static final String WORKSPACE = "/workspace";
    public static final String TMP = "/tmp";
    public static final String HOSTNAME = "sandbox";
    /** Label carrying the profile name, so inspect output says how a container was hardened. */
    public static final String PROFILE_LABEL = "sandstage.profile";
    public static final List<String> ENV = List.of(
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME=" + WORKSPACE,
            "TMPDIR=" + TMP,
            "LANG=C.UTF-8");

    private static final String NO_NEW_PRIVILEGES = "no-new-privileges:true";
    // An empty, read-only queue filesystem: the engine mounts a writable mqueue even with IPC none.
    private static final String MQUEUE_TMPFS = "ro,noexec,nosuid,nodev,size=4k,mode=0555";

    private ContainerSpecs() {}

    /**
     * The spec for one sandbox class. {@code command} is the container's entrypoint (the agent,
     * or a placeholder in tests); {@code labels} are added to the profile label.
     */
    public static ContainerSpec forSandbox(String image, SandboxRuntime runtime, HardeningProfile profile,
            SandboxLimits limits, Map<String, String> labels, List<String> command) {
        require(image != null && !image.isBlank(), "image", image);
        require(runtime != null, "runtime", runtime);
        require(profile != null, "profile", profile);
        require(limits != null, "limits", limits);
        require(command != null && !command.isEmpty(), "command", command);
        Map<String, String> allLabels = new LinkedHashMap<>(labels == null ? Map.of() : labels);
        allLabels.put(PROFILE_LABEL, profile.name());
        boolean shm = profile.sharedMemory() && limits.shmBytes() > 0;
        return new ContainerSpec(image, runtime, profile.name(), USER, WORKSPACE, HOSTNAME, ENV, allLabels,
                command, profile.readOnlyRootfs(), tmpfs(profile, limits), shm ? "private" : "none",
                shm ? limits.shmBytes() : null, limits.memoryBytes(), limits.nanoCpus(),
                runtime.supportsPidsLimit() ? limits.pidsLimit() : null, runtime.oomScoreAdj(),
                ulimits(runtime, limits),
                List.of(NO_NEW_PRIVILEGES, "seccomp=" + SeccompProfile.json(runtime)));
    }

    /** {@link #forSandbox} with the profile's own default limits. */
    public static ContainerSpec forSandbox(String image, SandboxRuntime runtime, HardeningProfile profile,
            Map<String, String> labels, List<String> command) {
        return forSandbox(image, runtime, profile, profile.defaultLimits(), labels, command);
    }

    private static Map<String, String> tmpfs(HardeningProfile profile, SandboxLimits limits) {
        Map<String, String> mounts = new LinkedHashMap<>();
        mounts.put(WORKSPACE, writable(profile.workspaceExec(), limits.workspaceBytes())
                + ",nr_inodes=" + limits.workspaceInodes());
        mounts.put(TMP, writable(profile.tmpExec(), limits.tmpBytes()));
        if (!profile.readOnlyRootfs()) {
            // The one world-writable directory of the root layer; bounded like /tmp instead.
            mounts.put("/var/tmp", writable(profile.tmpExec(), limits.tmpBytes()));
        }
        mounts.put("/dev/mqueue", MQUEUE_TMPFS);
        return mounts;
    }

    // Without uid=/gid= the tmpfs root is root-owned under runc and the sandbox user cannot write.
    private static String writable(boolean exec, long bytes) {
        return "rw," + (exec ? "exec" : "noexec") + ",nosuid,nodev,size=" + bytes
                + ",uid=65534,gid=65534,mode=0700";
    }

    private static Map<String, Long> ulimits(SandboxRuntime runtime, SandboxLimits limits) {
        Map<String, Long> rlimits = new LinkedHashMap<>();
        rlimits.put("nofile", limits.nofile());
        rlimits.put("fsize", limits.fsizeBytes());
        if (runtime.nprocLimitIsPerSandbox()) {
            rlimits.put("nproc", limits.pidsLimit());
        }
        return rlimits;
    }

    private static void require(boolean ok, String field, Object value) {
        if (!ok) {
            throw new SandstageFatalException("invalid sandbox spec input",
                    Map.of("field", field, "value", String.valueOf(value)));
        }
    }
}
