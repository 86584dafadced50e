package dev.sandstage.pool;

import dev.sandstage.error.SandstageFatalException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The OCI runtime a sandbox container runs under, by the name the engine knows it by.
 *
 * <p>{@link #RUNC} shares the host kernel behind namespaces, cgroups and our seccomp profile.
 * {@link #RUNSC} (gVisor) puts a user-space kernel in between; it applies the OCI seccomp profile
 * only when registered with {@code --oci-seccomp} (prepare does that), dies under a low cgroup
 * pids limit, so {@link ContainerSpecs} bounds processes with RLIMIT_NPROC there, which gVisor
 * counts per sandbox, and leaves the memory limit to the host's cgroup (see
 * {@link #oomScoreAdj()}).
 *
 * <p>Used by the pool and the catalog; immutable, any thread.
 */
public enum SandboxRuntime {
    RUNC("runc"),
    RUNSC("runsc");

    private final String engineName;

    SandboxRuntime(String engineName) {
        this.engineName = engineName;
    }

    /** The name in the engine's runtime list and in {@code HostConfig.Runtime}. */
    public String engineName() {
        return engineName;
    }

    /**
     * True when the cgroup pids limit is safe to set. gVisor's sentry and gofer threads live in
     * the container's cgroup, so a limit sized for the tool kills the sandbox instead.
     */
    public boolean supportsPidsLimit() {
        return this == RUNC;
    }

    /**
     * True when RLIMIT_NPROC bounds only this container. Under runc the count is per real uid
     * across the whole host (no user namespace), and uid 65534 is shared by every sandbox.
     */
    public boolean nprocLimitIsPerSandbox() {
        return this == RUNSC;
    }

    /**
     * The {@code oom_score_adj} of the container's host processes, or null for the engine's
     * default. Under runsc the host's OOM killer enforces the memory limit (gVisor 2024-07-29
     * keeps no limit inside the sandbox) and picks among gVisor's own processes: its sentry (the
     * sandbox's kernel) or one of the stub processes that run the tool's address spaces. When a
     * stub goes, gVisor ends only that tool, with exit status 1 and nothing that says OOM, and
     * keeps a sandbox whose state it cannot vouch for. 1000 on the sentry and gofer (runsc gives
     * them the container's value; the stubs keep theirs) makes the OOM killer take the sentry
     * every time: the whole sandbox ends, the engine reports OOMKilled, and the pool replaces
     * it, as it does under runc. Under host-wide memory pressure gVisor sandboxes also go first.
     */
    public Integer oomScoreAdj() {
        return this == RUNSC ? 1000 : null;
    }

    /** The runtime called {@code name} ({@code runc}, {@code runsc}), case-insensitive. */
    public static SandboxRuntime fromEngineName(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(r -> r.engineName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new SandstageFatalException("unknown sandbox runtime", Map.of(
                        "runtime", String.valueOf(name),
                        "known", Arrays.stream(values()).map(SandboxRuntime::engineName).toList())));
    }
}
