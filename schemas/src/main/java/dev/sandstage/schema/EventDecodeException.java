package dev.sandstage.schema;

import dev.sandstage.error.ErrorCode;
import dev.sandstage.error.SandstageFatalException;
import java.util.Map;
import java.util.Objects;

/**
 * A record value that cannot become the expected event. Thrown by {@link EventCodec} and
 * {@link EventDeserializer} on whatever thread decodes; the caller (the stage's consumer
 * thread) turns it into a DLQ record and an {@code INPUT_INVALID} audit event using
 * {@link #code()}. Retrying never helps: the bytes will not change.
 */
public final class EventDecodeException extends SandstageFatalException {

    private final ErrorCode code;

    public EventDecodeException(ErrorCode code, String message, Map<String, ?> context, Throwable cause) {
        super(code.name() + ": " + message, context, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public EventDecodeException(ErrorCode code, String message, Map<String, ?> context) {
        this(code, message, context, null);
    }

    /** The stable reason, for DLQ headers and audit events. */
    public ErrorCode code() {
        return code;
    }
}
