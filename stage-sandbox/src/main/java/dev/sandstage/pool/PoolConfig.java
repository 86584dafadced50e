package dev.sandstage.pool;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The warm pool's configuration: which sandbox classes to keep, the global cap over all of them,
 * the stage instance id its containers are labelled with, and the default acquire deadline.
 * Cross-field rules are checked here, once, before anything starts; a violation throws
 * {@link PoolConfigException} with the key, the value and the reason. Immutable; any thread.
 *
 * @param instanceId this stage instance; label {@link SandboxLabels#INSTANCE} of every container
 * @param classes the sandbox classes, names unique
 * @param globalMax sandboxes of all classes together at most, in any state
 * @param acquireDeadline how long {@link SandboxPool#acquire(String, java.util.Optional)} waits
 * @param tuning threads, intervals, timeouts and backoff
 */
public record PoolConfig(String instanceId, List<SandboxClass> classes, int globalMax, Duration acquireDeadline,
        PoolTuning tuning) {

    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    public PoolConfig {
        if (instanceId == null || !INSTANCE_ID.matcher(instanceId).matches()) {
            throw new PoolConfigException("stage.instance-id", instanceId,
                    "must be 1 to 128 characters of A-Z, a-z, 0-9, '_', '.', '-', starting with a letter or digit");
        }
        if (classes == null || classes.isEmpty()) {
            throw new PoolConfigException("pool.classes", classes, "must name at least one sandbox class");
        }
        classes = List.copyOf(classes);
        if (globalMax < 1) {
            throw new PoolConfigException("pool.global-max", globalMax, "must be at least 1");
        }
        SandboxClass.requirePositive("pool.acquire-deadline", acquireDeadline);
        if (tuning == null) {
            throw new PoolConfigException("pool.tuning", null, "must be set");
        }
        Set<String> names = new HashSet<>();
        int minIdleSum = 0;
        for (SandboxClass c : classes) {
            if (!names.add(c.name())) {
                throw new PoolConfigException("pool.classes." + c.name(), c.name(), "class name is declared twice");
            }
            minIdleSum += c.minIdle();
        }
        if (minIdleSum > globalMax) {
            throw new PoolConfigException("pool.global-max", globalMax,
                    "is below the sum of min-idle over all classes (" + minIdleSum + "), so the pool could never be warm");
        }
    }

    /** A configuration with a 10 s acquire deadline and {@link PoolTuning#defaults()}. */
    public static PoolConfig of(String instanceId, int globalMax, List<SandboxClass> classes) {
        return new PoolConfig(instanceId, classes, globalMax, Duration.ofSeconds(10), PoolTuning.defaults());
    }

    public PoolConfig withAcquireDeadline(Duration deadline) {
        return new PoolConfig(instanceId, classes, globalMax, deadline, tuning);
    }

    public PoolConfig withTuning(PoolTuning newTuning) {
        return new PoolConfig(instanceId, classes, globalMax, acquireDeadline, newTuning);
    }

    /** The class named {@code name}, or null. */
    public SandboxClass sandboxClass(String name) {
        for (SandboxClass c : classes) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
