package dev.sandstage.error;

import java.util.Map;

/** A failure that may go away if the same operation is tried again. */
public non-sealed class SandstageRetriableException extends SandstageException {

    public SandstageRetriableException(String message, Map<String, ?> context, Throwable cause) {
        super(message, context, cause);
    }

    public SandstageRetriableException(String message, Map<String, ?> context) {
        this(message, context, null);
    }

    @Override
    public final boolean retriable() {
        return true;
    }
}
