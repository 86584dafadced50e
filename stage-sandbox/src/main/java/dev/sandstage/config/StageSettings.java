package dev.sandstage.config;

import java.time.Duration;

/**
 * The stage's own identity and pacing ({@code stage.*}). Immutable; any thread.
 *
 * @param instanceId labels this instance's containers and prefixes its transactional id
 * @param groupId the Kafka consumer group of all instances
 * @param maxInFlight decisions read and not yet finished (waiting plus running), at most
 * @param commitInterval how long audit receipts wait for a result to share its transaction (results never wait)
 * @param shutdownGrace how long running calls may finish after SIGTERM
 */
public record StageSettings(String instanceId, String groupId, int maxInFlight, Duration commitInterval,
        Duration shutdownGrace) {}
