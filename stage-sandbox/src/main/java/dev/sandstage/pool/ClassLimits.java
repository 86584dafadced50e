package dev.sandstage.pool;

/**
 * Resource ceilings of one sandbox class, as the pool carries them to the {@link SandboxFactory}.
 * The pool itself never reads them; the Docker-backed factory maps them onto the hardening
 * profile's container limits. Immutable; any thread.
 *
 * @param memoryBytes memory limit (swap is set equal, so no swap)
 * @param cpus CPU quota in cores, e.g. {@code 0.5}
 * @param pids maximum number of processes in the container
 */
public record ClassLimits(long memoryBytes, double cpus, int pids) {

    /** 256 MiB, one core, 128 processes: enough for the default tools. */
    public static final ClassLimits DEFAULT = new ClassLimits(256L << 20, 1.0, 128);

    public ClassLimits {
        if (memoryBytes < (4L << 20)) {
            throw new PoolConfigException("limits.memory", memoryBytes, "must be at least 4 MiB (4194304 bytes)");
        }
        if (!(cpus > 0) || Double.isInfinite(cpus)) {
            throw new PoolConfigException("limits.cpus", cpus, "must be a positive number of cores");
        }
        if (pids < 1) {
            throw new PoolConfigException("limits.pids", pids, "must be at least 1");
        }
    }
}
