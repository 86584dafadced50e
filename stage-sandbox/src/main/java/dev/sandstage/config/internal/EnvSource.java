package dev.sandstage.config.internal;

import dev.sandstage.config.ConfigKey;
import dev.sandstage.config.ConfigPrefix;
import dev.sandstage.config.ConfigProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps {@code SANDSTAGE_*} environment variables onto configuration keys. The rule: drop
 * {@code SANDSTAGE_}; under a pass-through prefix ({@code KAFKA_CONSUMER_}, {@code KAFKA_PRODUCER_})
 * the rest is the Kafka property in lower case with {@code _} read as {@code .}; otherwise the
 * variable is the key in upper case with {@code .} and {@code -} written as {@code _}. Only
 * variables whose first word is a configuration section ({@code KAFKA}, {@code TOPICS}...) are
 * configuration; the others ({@code SANDSTAGE_HOME}...) belong to the launcher and are ignored.
 * Called by the loader on the starting thread; stateless.
 */
public final class EnvSource {

    public static final String PREFIX = "SANDSTAGE_";

    private EnvSource() {}

    /** The environment variable that sets {@code key}. */
    public static String variableFor(String key) {
        return PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Entries from {@code env}, sorted by variable name; unknown configuration variables become problems. */
    public static Map<String, RawEntry> read(Map<String, String> env, List<ConfigKey<?>> keys,
            List<ConfigPrefix> prefixes, List<ConfigProblem> problems) {
        Map<String, String> byVariable = new LinkedHashMap<>();
        for (ConfigKey<?> key : keys) {
            byVariable.put(variableFor(key.name()), key.name());
        }
        Set<String> sections = sections(keys, prefixes);
        Map<String, RawEntry> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String variable = e.getKey();
            if (!variable.startsWith(PREFIX) || !sections.contains(firstWord(variable))) {
                continue;
            }
            String origin = "environment " + variable;
            String key = byVariable.get(variable);
            if (key == null) {
                key = passThroughKey(variable, prefixes);
            }
            if (key == null) {
                String hint = KeySuggester.suggest(variable, byVariable.keySet())
                        .map(s -> "; did you mean " + s + "?").orElse("");
                problems.add(new ConfigProblem(variable, e.getValue(), "unknown configuration variable" + hint));
                continue;
            }
            out.put(key, new RawEntry(key, e.getValue(), origin));
        }
        return out;
    }

    private static String passThroughKey(String variable, List<ConfigPrefix> prefixes) {
        for (ConfigPrefix p : prefixes) {
            String envPrefix = variableFor(p.prefix());
            if (variable.startsWith(envPrefix) && variable.length() > envPrefix.length()) {
                String property = variable.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                return p.prefix() + property;
            }
        }
        return null;
    }

    private static Set<String> sections(List<ConfigKey<?>> keys, List<ConfigPrefix> prefixes) {
        Set<String> sections = new java.util.HashSet<>();
        keys.forEach(k -> sections.add(firstWord(variableFor(k.name()))));
        prefixes.forEach(p -> sections.add(firstWord(variableFor(p.prefix()))));
        return sections;
    }

    private static String firstWord(String variable) {
        int end = variable.indexOf('_', PREFIX.length());
        return end < 0 ? variable : variable.substring(0, end);
    }
}
