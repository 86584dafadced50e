package dev.sandstage.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.ToolCallDecision;
import java.util.Objects;

/**
 * The outcome of {@link DecisionVerifier#verify}: run it ({@link Accepted}), the policy engine
 * said no ({@link NotAllowed}), or the stage refuses it ({@link Rejected}, with a stable code).
 * The consumer maps these to scheduling, a {@code NOT_ALLOWED} result or a {@code REJECTED}
 * result plus audit. Immutable; any thread.
 */
public sealed interface Verdict {

    /**
     * Every check passed.
     *
     * @param decision the verified decision
     * @param tool the catalog tool it names
     * @param arguments {@code arguments_json}, parsed and schema-valid
     * @param limits the tool's ceilings tightened by the decision's constraints
     */
    record Accepted(ToolCallDecision decision, VerifiableTool tool, JsonNode arguments, EffectiveLimits limits)
            implements Verdict {
        public Accepted {
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(tool, "tool");
            Objects.requireNonNull(arguments, "arguments");
            Objects.requireNonNull(limits, "limits");
        }
    }

    /**
     * The decision's {@code allowed} is false; nothing was checked beyond that.
     *
     * @param reason the policy engine's reason, or a fixed text when it gave none
     */
    record NotAllowed(String reason) implements Verdict {
        /** Always {@link ErrorCode#DECISION_NOT_ALLOWED}. */
        public ErrorCode code() {
            return ErrorCode.DECISION_NOT_ALLOWED;
        }
    }

    /**
     * A check failed.
     *
     * @param code which check, stable for consumers to match on
     * @param message for humans: names the field and value, never secrets or whole arguments
     */
    record Rejected(ErrorCode code, String message) implements Verdict {
        public Rejected {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
