package dev.sandstage.config.internal;

import dev.sandstage.config.ConfigKey;
import java.util.HashMap;
import java.util.Map;

/**
 * Typed values of the declared keys while the loader binds them, with the text each came from (for
 * cross-field error lines). Used only by the loader on the starting thread; not thread-safe.
 */
public final class ParsedValues {

    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, String> texts = new HashMap<>();

    public <T> void put(ConfigKey<T> key, String text, T value) {
        values.put(key.name(), value);
        texts.put(key.name(), text);
    }

    /** Records that {@code key} was configured as {@code text}, before parsing it (which may fail). */
    public void attempt(ConfigKey<?> key, String text) {
        texts.put(key.name(), text);
    }

    /** True when {@code key} was configured or derived, whether or not it parsed. */
    public boolean attempted(ConfigKey<?> key) {
        return texts.containsKey(key.name());
    }

    /** True when {@code key} parsed; false when it failed (its problem is already recorded). */
    public boolean has(ConfigKey<?> key) {
        return values.containsKey(key.name());
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        Object value = values.get(key.name());
        if (value == null) {
            throw new IllegalStateException("key " + key.name() + " has no value");
        }
        return (T) value;
    }

    /** The text the value came from. */
    public String text(ConfigKey<?> key) {
        return texts.get(key.name());
    }
}
