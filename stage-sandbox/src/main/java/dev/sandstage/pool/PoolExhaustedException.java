package dev.sandstage.pool;

import dev.sandstage.error.SandstageRetriableException;
import java.time.Duration;
import java.util.Map;

/**
 * No sandbox of the requested class became free before the acquire deadline. Retriable: the pool
 * is busy (or its creates are failing), not broken. The message and context name the class, the
 * time waited and the class's idle, busy, pinned, creating and waiting counts, the class and
 * global caps, and the last create error if any. Delivered as the failure of the future
 * {@link SandboxPool#acquire} returned.
 */
public final class PoolExhaustedException extends SandstageRetriableException {

    private final String className;
    private final Duration waited;

    public PoolExhaustedException(String className, Duration waited, Map<String, ?> context) {
        super("no sandbox of class '" + className + "' became free within " + waited, context);
        this.className = className;
        this.waited = waited;
    }

    public String className() {
        return className;
    }

    public Duration waited() {
        return waited;
    }
}
