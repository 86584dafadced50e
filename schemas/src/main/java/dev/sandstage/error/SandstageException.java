package dev.sandstage.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Root of every exception Sandstage throws on purpose. Unchecked. It has exactly two branches:
 * {@link SandstageRetriableException} (the same operation may succeed if tried again: a broker
 * not reachable yet, an engine restarting) and {@link SandstageFatalException} (trying again
 * will not help: bad input, bad configuration, a host that lacks something).
 *
 * <p>Every instance carries its context (topic, partition, offset, decision id, file, key...)
 * as an ordered map that is also appended to the message, so a log line alone tells where the
 * problem happened.
 */
public abstract sealed class SandstageException extends RuntimeException
        permits SandstageRetriableException, SandstageFatalException {

    private final Map<String, String> context;

    protected SandstageException(String message, Map<String, ?> context, Throwable cause) {
        super(withContext(message, context), cause);
        Map<String, String> copy = new LinkedHashMap<>();
        context.forEach((k, v) -> copy.put(k, String.valueOf(v)));
        this.context = Collections.unmodifiableMap(copy);
    }

    /** Where the problem happened, in insertion order; never null. */
    public Map<String, String> context() {
        return context;
    }

    /** True when retrying the same operation may succeed. */
    public abstract boolean retriable();

    private static String withContext(String message, Map<String, ?> context) {
        if (context.isEmpty()) {
            return message;
        }
        StringBuilder sb = new StringBuilder(message).append(" [");
        String sep = "";
        for (Map.Entry<String, ?> e : context.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ", ";
        }
        return sb.append(']').toString();
    }
}
