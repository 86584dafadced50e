package dev.sandstage.consume.internal;

import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.AuditEvent;
import dev.sandstage.events.AuditEventType;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.pool.PoolEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds the stage's {@link AuditEvent}s: a fresh event id, the time, this instance, the
 * decision's identity when there is one, and provenance hashes. Raw arguments are copied only
 * when the operator configured it. Immutable; any thread.
 */
public final class AuditEvents {

    private final String instanceId;
    private final boolean includeArguments;

    public AuditEvents(String instanceId, boolean includeArguments) {
        this.instanceId = instanceId;
        this.includeArguments = includeArguments;
    }

    /** An event about {@code d} (its identity and arguments hash filled in). */
    public AuditEvent.Builder about(ToolCallDecision d, AuditEventType type, Instant now) {
        return base(type, now).setDecisionId(d.getDecisionId()).setSessionId(d.getSessionId())
                .setTenantId(d.getTenantId()).setCallId(d.getCallId()).setTool(d.getTool())
                .setArgumentsSha256(sha256(d.getArgumentsJson().getBytes(StandardCharsets.UTF_8)))
                .setArgumentsJson(includeArguments ? d.getArgumentsJson() : null);
    }

    /** {@code DECISION_REJECTED} for a refused decision, with its code. */
    public AuditEvent rejected(ToolCallDecision d, ErrorCode code, String message, Instant now) {
        return about(d, AuditEventType.DECISION_REJECTED, now).setErrorCode(code.name()).setErrorMessage(message)
                .build();
    }

    /** {@code INPUT_INVALID} for a record that did not decode; where it came from is in the detail. */
    public AuditEvent inputInvalid(ErrorCode code, String message, String topic, int partition, long offset,
            Instant now) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("source_topic", topic);
        detail.put("source_partition", Integer.toString(partition));
        detail.put("source_offset", Long.toString(offset));
        return base(AuditEventType.INPUT_INVALID, now).setErrorCode(code.name()).setErrorMessage(message)
                .setDetail(detail).build();
    }

    /** {@code SANDBOX_CREATED} or {@code SANDBOX_DESTROYED} for a pool event; no decision identity. */
    public Optional<AuditEvent> sandbox(PoolEvent event) {
        return switch (event) {
            case PoolEvent.SandboxCreated e -> Optional.of(base(AuditEventType.SANDBOX_CREATED, e.at())
                    .setDetail(Map.of("class", e.className(), "sandbox_id", e.sandboxId(),
                            "container_id", e.containerId(), "create_ms", Long.toString(e.createDuration().toMillis())))
                    .build());
            case PoolEvent.SandboxDestroyed e -> Optional.of(base(AuditEventType.SANDBOX_DESTROYED, e.at())
                    .setDetail(Map.of("class", e.className(), "sandbox_id", e.sandboxId(),
                            "container_id", e.containerId(), "reason", e.reason().name(),
                            "uses", Integer.toString(e.uses())))
                    .build());
            default -> Optional.empty();
        };
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private AuditEvent.Builder base(AuditEventType type, Instant now) {
        return AuditEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(now)
                .setStageInstance(instanceId).setType(type).setViolations(List.of()).setDetail(Map.of());
    }
}
