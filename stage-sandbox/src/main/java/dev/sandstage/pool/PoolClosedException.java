package dev.sandstage.pool;

import dev.sandstage.error.SandstageFatalException;
import java.util.Map;

/**
 * The {@link SandboxPool} is closing or closed (or was never started), so an acquire cannot be
 * served. Fatal for this pool: trying again on it will not help. Delivered as the failure of the
 * future {@link SandboxPool#acquire} returned, including to callers that were waiting when
 * {@link SandboxPool#close} began.
 */
public final class PoolClosedException extends SandstageFatalException {

    public PoolClosedException(String message, Map<String, ?> context) {
        super(message, context);
    }
}
