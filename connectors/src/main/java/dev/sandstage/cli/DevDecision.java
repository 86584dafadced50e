package dev.sandstage.cli;

import dev.sandstage.events.ToolCallDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds the decision {@code ./sandstage call} and {@code submit} publish: a fresh decision id and
 * call id, tenant {@value #TENANT}, policy {@value #POLICY} version {@value #POLICY_VERSION},
 * allowed, issued now, expiring one minute after the caller stops waiting (so a queued call can
 * still start while someone waits for it, but not long after). Unsigned: the publisher signs.
 * Pure apart from the clock and random ids; any thread.
 */
final class DevDecision {

    static final String TENANT = "dev";
    static final String POLICY = "dev-cli";
    static final String POLICY_VERSION = "1";
    static final Duration EXPIRY_MARGIN = Duration.ofMinutes(1);

    private DevDecision() {}

    /** A fresh random session id, for calls without {@code --session}. */
    static String freshSession() {
        return "cli-" + UUID.randomUUID();
    }

    static ToolCallDecision build(String tool, String argumentsJson, String sessionId, Duration timeout, Clock clock) {
        Instant now = clock.instant();
        return ToolCallDecision.newBuilder()
                .setDecisionId(UUID.randomUUID().toString())
                .setCallId(UUID.randomUUID().toString())
                .setSessionId(sessionId)
                .setTenantId(TENANT)
                .setTool(tool)
                .setArgumentsJson(argumentsJson)
                .setAllowed(true)
                .setReason("submitted with the sandstage CLI")
                .setPolicyId(POLICY)
                .setPolicyVersion(POLICY_VERSION)
                .setIssuedAt(now)
                .setExpiresAt(now.plus(timeout).plus(EXPIRY_MARGIN))
                .setConstraints(null)
                .setSignature(null)
                .build();
    }
}
