package dev.sandstage.config;

import java.time.Duration;

/**
 * Warm pool settings from the file ({@code pool.*}); the sandbox classes come from the catalog.
 * Immutable; any thread.
 *
 * @param globalMax sandboxes of all classes together, at most
 * @param acquireDeadline how long a call waits for a sandbox
 * @param workerThreads threads for blocking container calls
 */
public record PoolSettings(int globalMax, Duration acquireDeadline, int workerThreads) {}
