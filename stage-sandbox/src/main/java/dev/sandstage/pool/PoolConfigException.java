package dev.sandstage.pool;

import dev.sandstage.error.SandstageFatalException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pool setting is invalid. Thrown by the constructors of {@link PoolConfig},
 * {@link SandboxClass}, {@link ClassLimits} and {@link PoolTuning}, before anything starts.
 * Names the configuration key, the rejected value and the reason. Fatal: the same
 * configuration will fail again.
 */
public final class PoolConfigException extends SandstageFatalException {

    private final String key;
    private final String value;
    private final String reason;

    public PoolConfigException(String key, Object value, String reason) {
        super("invalid pool configuration: " + key + "=" + value + ": " + reason, context(key, value, reason));
        this.key = key;
        this.value = String.valueOf(value);
        this.reason = reason;
    }

    /** The configuration key, e.g. {@code pool.classes.python.min-idle}. */
    public String key() {
        return key;
    }

    /** The rejected value as text. */
    public String value() {
        return value;
    }

    /** Why the value was rejected. */
    public String reason() {
        return reason;
    }

    private static Map<String, Object> context(String key, Object value, String reason) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("key", key);
        context.put("value", value);
        context.put("reason", reason);
        return context;
    }
}
