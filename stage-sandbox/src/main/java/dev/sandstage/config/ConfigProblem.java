package dev.sandstage.config;

/**
 * One thing wrong with the configuration: the key, the value as written (or {@code null} when the
 * key was missing) and why it was rejected. Collected by {@link StageConfigLoader} and reported
 * together in one {@link ConfigException}. Immutable; any thread.
 */
public record ConfigProblem(String key, String value, String reason) {

    /** The report line: {@code key=value: reason}. */
    public String line() {
        return key + "=" + (value == null ? "" : value) + ": " + reason;
    }
}
