package dev.sandstage.config;

import static dev.sandstage.config.StageConfigKeys.*;

import dev.sandstage.config.internal.CrossFieldRules;
import dev.sandstage.config.internal.EnvSource;
import dev.sandstage.config.internal.HostNames;
import dev.sandstage.config.internal.KeySuggester;
import dev.sandstage.config.internal.ParsedValues;
import dev.sandstage.config.internal.RawEntry;
import dev.sandstage.config.internal.YamlSource;
import dev.sandstage.host.StateDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link StageConfig} at start-up: declared defaults, then the YAML file, then
 * {@code SANDSTAGE_*} environment variables (see {@link EnvSource} for the mapping), each later
 * source overriding the earlier. Unknown keys, values that fail their key's rules, forbidden
 * pass-through properties and cross-field violations are all collected and thrown together as one
 * {@link ConfigException}. Called once by the main entry point (and by tests) on the starting
 * thread, before anything else starts. Stateless.
 */
public final class StageConfigLoader {

    private StageConfigLoader() {}

    /**
     * Loads and validates the configuration.
     *
     * @param yamlFile the configuration file, when there is one
     * @param env the process environment; {@code SANDSTAGE_HOME} places the state directory and
     *     {@code HOSTNAME} names the default instance id
     * @throws ConfigException listing every problem found
     */
    public static StageConfig load(Optional<Path> yamlFile, Map<String, String> env) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, RawEntry> raw = new LinkedHashMap<>();
        yamlFile.ifPresent(f -> raw.putAll(YamlSource.read(f, problems)));
        raw.putAll(EnvSource.read(env, ALL, PREFIXES, problems));

        Map<String, ConfigKey<?>> declared = new LinkedHashMap<>();
        ALL.forEach(k -> declared.put(k.name(), k));
        Map<ConfigPrefix, Map<String, String>> passThrough = new LinkedHashMap<>();
        PREFIXES.forEach(p -> passThrough.put(p, new LinkedHashMap<>()));
        for (RawEntry entry : raw.values()) {
            if (!declared.containsKey(entry.key()) && !passedThrough(entry, passThrough, problems)) {
                problems.add(new ConfigProblem(entry.key(), entry.text(), unknown(entry)));
            }
        }

        ParsedValues values = new ParsedValues();
        for (ConfigKey<?> key : ALL) {
            parse(key, raw.get(key.name()), values, problems);
        }
        deriveDefaults(values, env, problems);
        CrossFieldRules.check(values, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return bind(values, passThrough.get(KAFKA_CONSUMER), passThrough.get(KAFKA_PRODUCER));
    }

    private static boolean passedThrough(RawEntry entry, Map<ConfigPrefix, Map<String, String>> passThrough,
            List<ConfigProblem> problems) {
        for (Map.Entry<ConfigPrefix, Map<String, String>> e : passThrough.entrySet()) {
            ConfigPrefix prefix = e.getKey();
            if (prefix.covers(entry.key())) {
                String property = entry.key().substring(prefix.prefix().length());
                if (prefix.forbidden().contains(property)) {
                    problems.add(new ConfigProblem(entry.key(), entry.text(), "the stage sets " + property
                            + " itself and it cannot be overridden (" + entry.origin() + ")"));
                } else {
                    e.getValue().put(property, entry.text());
                }
                return true;
            }
        }
        return false;
    }

    private static String unknown(RawEntry entry) {
        List<String> candidates = new ArrayList<>();
        ALL.forEach(k -> candidates.add(k.name()));
        String[] parts = entry.key().split("\\.", 3);
        if (parts.length == 3) {
            // A mistyped prefix ("kafka.consumers.max.poll.records") should point at the right prefix.
            PREFIXES.forEach(p -> candidates.add(p.prefix() + parts[2]));
        }
        String hint = KeySuggester.suggest(entry.key(), candidates).map(s -> "; did you mean " + s + "?").orElse("");
        return "unknown key (" + entry.origin() + ")" + hint;
    }

    private static <T> void parse(ConfigKey<T> key, RawEntry entry, ParsedValues values, List<ConfigProblem> problems) {
        if (entry == null && key.defaultText().isEmpty()) {
            return; // derived below, once the keys it depends on are known
        }
        String text = entry != null ? entry.text() : key.defaultText().get();
        values.attempt(key, text);
        try {
            values.put(key, text, key.parse(text));
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
    }

    private static void deriveDefaults(ParsedValues values, Map<String, String> env, List<ConfigProblem> problems) {
        derive(STAGE_INSTANCE_ID, HostNames.instanceId(env), values, problems);
        if (values.has(POOL_GLOBAL_MAX)) {
            derive(STAGE_MAX_IN_FLIGHT, StageConfigKeys.IN_FLIGHT_PER_SANDBOX * values.get(POOL_GLOBAL_MAX), values,
                    problems);
            derive(POOL_WORKER_THREADS, values.get(POOL_GLOBAL_MAX), values, problems);
        }
        Path keys = StateDirectory.from(env, Path.of("")).root().resolve("keys");
        derive(VERIFY_KEYS_DIR, keys, values, problems);
    }

    private static <T> void derive(ConfigKey<T> key, T value, ParsedValues values, List<ConfigProblem> problems) {
        if (values.attempted(key)) {
            return;
        }
        try {
            values.put(key, String.valueOf(value), key.check(String.valueOf(value), value));
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
    }

    private static StageConfig bind(ParsedValues v, Map<String, String> consumer, Map<String, String> producer) {
        String catalog = v.get(CATALOG_PATH);
        return new StageConfig(
                new KafkaSettings(v.get(KAFKA_BOOTSTRAP_SERVERS), consumer, producer),
                new TopicSettings(v.get(TOPICS_DECISIONS), v.get(TOPICS_RESULTS), v.get(TOPICS_AUDIT),
                        v.get(TOPICS_DLQ), v.get(TOPICS_JOURNAL), v.get(TOPICS_PARTITIONS)),
                new StageSettings(v.get(STAGE_INSTANCE_ID), v.get(STAGE_GROUP_ID), v.get(STAGE_MAX_IN_FLIGHT),
                        v.get(STAGE_COMMIT_INTERVAL), v.get(STAGE_SHUTDOWN_GRACE)),
                new VerifyConfig(v.get(VERIFY_SIGNATURE_REQUIRED), v.get(VERIFY_CLOCK_SKEW), v.get(VERIFY_KEYS_DIR),
                        v.get(VERIFY_MAX_ARGUMENTS_BYTES)),
                new CatalogConfig(catalog.isEmpty() ? Optional.empty() : Optional.of(Path.of(catalog))),
                new PoolSettings(v.get(POOL_GLOBAL_MAX), v.get(POOL_ACQUIRE_DEADLINE), v.get(POOL_WORKER_THREADS)),
                new HttpSettings(v.get(HTTP_HOST), v.get(HTTP_PORT)),
                new AuditSettings(v.get(AUDIT_INCLUDE_ARGUMENTS)),
                v.get(LOG_FORMAT));
    }
}
