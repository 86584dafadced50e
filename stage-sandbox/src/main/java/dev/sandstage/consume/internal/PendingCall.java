package dev.sandstage.consume.internal;

import dev.sandstage.catalog.Isolation;
import dev.sandstage.catalog.ToolDefinition;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.verify.EffectiveLimits;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;

/**
 * An accepted decision waiting in the scheduler or running: what to run, under which limits, and
 * where it was read. Created on the consumer's thread, read by an executor thread. Immutable (the
 * headers are the consumed record's, never modified).
 */
public record PendingCall(ToolCallDecision decision, ToolDefinition tool, EffectiveLimits limits, Headers headers,
        int partition, long offset, Instant queuedAt) {

    /** The session a sandbox is pinned to: the session id for {@code isolation: session} tools. */
    public Optional<String> pinnedSession() {
        return tool.isolation() == Isolation.SESSION ? Optional.of(decision.getSessionId()) : Optional.empty();
    }
}
