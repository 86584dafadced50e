package dev.sandstage.pool;

import java.time.Duration;

/**
 * How the {@link SandboxPool} paces its own work: worker threads for blocking container calls,
 * sweep and health-check intervals, timeouts of each sandbox operation, create-retry backoff and
 * the close grace period. Validated on construction ({@link PoolConfigException}, keys under
 * {@code pool.tuning.}). Immutable; any thread.
 *
 * @param workerThreads size of the {@code sandstage-pool-N} executor that runs every blocking call
 * @param sweepInterval how often idle TTLs, session pins, health checks and deadlines are checked
 * @param healthCheckInterval an idle sandbox not checked for this long is pinged
 * @param pingTimeout bound of {@link Sandbox#ping}
 * @param recycleTimeout bound of {@link Sandbox#recycle}
 * @param resetTimeout bound of {@link Sandbox#reset}
 * @param createBackoffMin wait after the first failed create of a class; doubles per failure
 * @param createBackoffMax the longest wait between create attempts
 * @param closeGrace how long {@code close} waits for leased sandboxes before destroying them anyway
 */
public record PoolTuning(int workerThreads, Duration sweepInterval, Duration healthCheckInterval,
        Duration pingTimeout, Duration recycleTimeout, Duration resetTimeout, Duration createBackoffMin,
        Duration createBackoffMax, Duration closeGrace) {

    public PoolTuning {
        if (workerThreads < 1 || workerThreads > 256) {
            throw new PoolConfigException("pool.tuning.worker-threads", workerThreads, "must be between 1 and 256");
        }
        SandboxClass.requirePositive("pool.tuning.sweep-interval", sweepInterval);
        SandboxClass.requirePositive("pool.tuning.health-check-interval", healthCheckInterval);
        SandboxClass.requirePositive("pool.tuning.ping-timeout", pingTimeout);
        SandboxClass.requirePositive("pool.tuning.recycle-timeout", recycleTimeout);
        SandboxClass.requirePositive("pool.tuning.reset-timeout", resetTimeout);
        SandboxClass.requirePositive("pool.tuning.create-backoff-min", createBackoffMin);
        SandboxClass.requirePositive("pool.tuning.create-backoff-max", createBackoffMax);
        if (createBackoffMax.compareTo(createBackoffMin) < 0) {
            throw new PoolConfigException("pool.tuning.create-backoff-max", createBackoffMax,
                    "must not be shorter than create-backoff-min (" + createBackoffMin + ")");
        }
        SandboxClass.requirePositive("pool.tuning.close-grace", closeGrace);
    }

    /** Four workers, 1 s sweeps, 30 s health checks, 200 ms to 30 s create backoff, 30 s close grace. */
    public static PoolTuning defaults() {
        return new PoolTuning(4, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(30),
                Duration.ofSeconds(30));
    }

    public PoolTuning withWorkerThreads(int threads) {
        return new PoolTuning(threads, sweepInterval, healthCheckInterval, pingTimeout, recycleTimeout, resetTimeout,
                createBackoffMin, createBackoffMax, closeGrace);
    }

    public PoolTuning withSweepInterval(Duration interval) {
        return new PoolTuning(workerThreads, interval, healthCheckInterval, pingTimeout, recycleTimeout, resetTimeout,
                createBackoffMin, createBackoffMax, closeGrace);
    }

    public PoolTuning withHealthCheckInterval(Duration interval) {
        return new PoolTuning(workerThreads, sweepInterval, interval, pingTimeout, recycleTimeout, resetTimeout,
                createBackoffMin, createBackoffMax, closeGrace);
    }

    public PoolTuning withCreateBackoff(Duration min, Duration max) {
        return new PoolTuning(workerThreads, sweepInterval, healthCheckInterval, pingTimeout, recycleTimeout,
                resetTimeout, min, max, closeGrace);
    }

    public PoolTuning withCloseGrace(Duration grace) {
        return new PoolTuning(workerThreads, sweepInterval, healthCheckInterval, pingTimeout, recycleTimeout,
                resetTimeout, createBackoffMin, createBackoffMax, grace);
    }
}
