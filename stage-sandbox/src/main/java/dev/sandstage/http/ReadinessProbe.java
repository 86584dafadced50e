package dev.sandstage.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Says whether the stage can do its job: the consumer has partitions assigned and every pool class
 * has its minimum of warm sandboxes. Supplied by whoever wires the stage; asked by
 * {@link HttpServerVerticle} for every {@code /health/ready} request, on a Vert.x worker thread,
 * so it may take a lock briefly but must not wait on I/O. Must be thread-safe.
 */
@FunctionalInterface
public interface ReadinessProbe {

    Readiness check();

    /**
     * Ready when every condition holds; otherwise the names of those that do not, in order.
     *
     * @param conditions what must hold, by the words reported when it does not
     */
    static ReadinessProbe allOf(Map<String, BooleanSupplier> conditions) {
        Map<String, BooleanSupplier> copy = new java.util.LinkedHashMap<>(conditions);
        return () -> {
            List<String> missing = new ArrayList<>();
            copy.forEach((name, condition) -> {
                if (!condition.getAsBoolean()) {
                    missing.add(name);
                }
            });
            return missing.isEmpty() ? Readiness.satisfied() : Readiness.missing(missing);
        };
    }
}
