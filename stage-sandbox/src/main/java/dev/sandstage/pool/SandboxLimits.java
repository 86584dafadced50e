package dev.sandstage.pool;

import dev.sandstage.error.SandstageFatalException;
import java.util.Map;

/**
 * Resource ceilings of one sandbox container. Every field becomes a setting visible in
 * {@code docker inspect} (see {@link ContainerSpecs}); where a runtime cannot express one, the
 * spec says so.
 *
 * <ul>
 *   <li>{@code memoryBytes}: cgroup memory limit; swap is set equal, so no swap at all.</li>
 *   <li>{@code nanoCpus}: CPU quota in billionths of a CPU ({@code 1_000_000_000} = one CPU).</li>
 *   <li>{@code pidsLimit}: tasks in the container; cgroup pids limit under runc, RLIMIT_NPROC
 *       under runsc.</li>
 *   <li>{@code workspaceBytes}, {@code workspaceInodes}: size and file count of the
 *       {@code /workspace} tmpfs (gVisor ignores the inode bound).</li>
 *   <li>{@code tmpBytes}: size of the {@code /tmp} tmpfs.</li>
 *   <li>{@code nofile}: open file descriptors per process; {@code fsizeBytes}: largest file a
 *       process may write (SIGXFSZ beyond).</li>
 *   <li>{@code shmBytes}: size of {@code /dev/shm} where the profile has one; 0 means none.</li>
 * </ul>
 *
 * <p>Immutable; any thread. Built by catalog configuration and by {@link HardeningProfile}.
 */
public record SandboxLimits(
        long memoryBytes,
        long nanoCpus,
        long pidsLimit,
        long workspaceBytes,
        long workspaceInodes,
        long tmpBytes,
        long nofile,
        long fsizeBytes,
        long shmBytes) {

    private static final long MIB = 1L << 20;
    /** The smallest memory limit the engine accepts (6 MiB), rounded up for a useful agent. */
    public static final long MIN_MEMORY_BYTES = 8 * MIB;
    /** The smallest CPU quota a sandbox gets: 0.01 CPU. */
    public static final long MIN_NANO_CPUS = 10_000_000L;

    public SandboxLimits {
        atLeast("memoryBytes", memoryBytes, MIN_MEMORY_BYTES);
        atLeast("nanoCpus", nanoCpus, MIN_NANO_CPUS);
        atLeast("pidsLimit", pidsLimit, 8);
        atLeast("workspaceBytes", workspaceBytes, MIB);
        atLeast("workspaceInodes", workspaceInodes, 16);
        atLeast("tmpBytes", tmpBytes, MIB);
        atLeast("nofile", nofile, 16);
        atLeast("fsizeBytes", fsizeBytes, 4096);
        atLeast("shmBytes", shmBytes, 0);
    }

    /** {@link #nanoCpus()} as a fraction of CPUs, as {@code docker run --cpus} shows it. */
    public double cpus() {
        return nanoCpus / 1e9;
    }

    public SandboxLimits withMemoryBytes(long bytes) {
        return new SandboxLimits(bytes, nanoCpus, pidsLimit, workspaceBytes, workspaceInodes, tmpBytes, nofile,
                fsizeBytes, shmBytes);
    }

    public SandboxLimits withCpus(double cpus) {
        return new SandboxLimits(memoryBytes, Math.round(cpus * 1e9), pidsLimit, workspaceBytes, workspaceInodes,
                tmpBytes, nofile, fsizeBytes, shmBytes);
    }

    public SandboxLimits withPidsLimit(long pids) {
        return new SandboxLimits(memoryBytes, nanoCpus, pids, workspaceBytes, workspaceInodes, tmpBytes, nofile,
                fsizeBytes, shmBytes);
    }

    public SandboxLimits withWorkspace(long bytes, long inodes) {
        return new SandboxLimits(memoryBytes, nanoCpus, pidsLimit, bytes, inodes, tmpBytes, nofile, fsizeBytes,
                shmBytes);
    }

    public SandboxLimits withTmpBytes(long bytes) {
        return new SandboxLimits(memoryBytes, nanoCpus, pidsLimit, workspaceBytes, workspaceInodes, bytes, nofile,
                fsizeBytes, shmBytes);
    }

    private static void atLeast(String field, long value, long minimum) {
        if (value < minimum) {
            throw new SandstageFatalException("sandbox limit below its minimum",
                    Map.of("field", field, "value", value, "minimum", minimum));
        }
    }
}
