package dev.sandstage.http;

import java.util.List;

/**
 * The answer of a {@link ReadinessProbe}: ready, or what is still missing in words an operator
 * understands ({@code "consumer has no partitions assigned"}). Immutable; any thread.
 */
public record Readiness(boolean ready, List<String> missing) {

    public Readiness {
        missing = List.copyOf(missing);
        if (ready != missing.isEmpty()) {
            throw new IllegalArgumentException("ready exactly when nothing is missing: " + ready + " " + missing);
        }
    }

    public static Readiness satisfied() {
        return new Readiness(true, List.of());
    }

    /** Not ready because of {@code missing}, which must not be empty. */
    public static Readiness missing(List<String> missing) {
        return new Readiness(false, missing);
    }
}
