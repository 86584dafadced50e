package dev.sandstage.config;

import java.util.Set;

/**
 * A family of raw client properties passed through by prefix (e.g. {@code kafka.consumer.} +
 * {@code max.poll.records}), declared once in {@link StageConfigKeys}. The stage owns some
 * properties itself because its guarantees depend on them; setting one of {@code forbidden} is a
 * configuration error naming it. Immutable; any thread.
 *
 * @param prefix dotted prefix including the final dot, e.g. {@code kafka.consumer.}
 * @param forbidden property names (without the prefix) the stage sets itself
 * @param doc one line for the README
 */
public record ConfigPrefix(String prefix, Set<String> forbidden, String doc) {

    public ConfigPrefix {
        forbidden = Set.copyOf(forbidden);
    }

    /** True when {@code key} is under this prefix and names a property. */
    public boolean covers(String key) {
        return key.startsWith(prefix) && key.length() > prefix.length();
    }
}
