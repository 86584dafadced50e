package dev.sandstage.error;

import java.util.Map;

/** A failure that trying again will not fix: bad input, bad configuration, a missing prerequisite. */
public non-sealed class SandstageFatalException extends SandstageException {

    public SandstageFatalException(String message, Map<String, ?> context, Throwable cause) {
        super(message, context, cause);
    }

    public SandstageFatalException(String message, Map<String, ?> context) {
        this(message, context, null);
    }

    @Override
    public final boolean retriable() {
        return false;
    }
}
