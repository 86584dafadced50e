package dev.sandstage.pool;

import dev.sandstage.error.SandstageFatalException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The OCI runtime a sandbox container runs under, by the name the engine knows it by.
 *
 * <p>{@link #RUNC} shares the host kernel behind namespaces, cgroups and our seccomp profile.
 * {@link #RUNSC} (gVisor) puts a user-space kernel in between; with the 2022 Debian build it
 * ignores the OCI seccomp profile (no {@code --oci-seccomp} in the engine's registration) and dies
 * under a low cgroup pids limit, so {@link ContainerSpecs} bounds processes with RLIMIT_NPROC
 * there, which gVisor counts per sandbox.
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
