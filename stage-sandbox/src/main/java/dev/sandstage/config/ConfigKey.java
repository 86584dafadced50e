package dev.sandstage.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One configuration key, declared once in {@link StageConfigKeys}: its dotted name, type, default,
 * validation rules and one-line doc. The loader parses and checks values with it and
 * {@link ConfigDocs} renders the README table from it. Immutable; any thread.
 *
 * @param name dotted name, e.g. {@code stage.commit-interval}
 * @param type the value type
 * @param typeDoc the type as the README shows it (enums list their values)
 * @param parser text to value; throws {@link ConfigException} for text of the wrong shape
 * @param defaultText the default as it would be written in the file; empty when the default is
 *     derived from other keys or the host (then {@code defaultDoc} says how)
 * @param defaultDoc the default as the README shows it
 * @param rules checks on the parsed value, each with the reason shown when it fails
 * @param doc one line for the README
 */
public record ConfigKey<T>(String name, ConfigType type, String typeDoc, BiFunction<String, String, T> parser,
        Optional<String> defaultText, String defaultDoc, List<Rule<T>> rules, String doc) {

    /** A check on a parsed value and the reason given when it fails. */
    public record Rule<T>(Predicate<T> test, String reason) {}

    public ConfigKey {
        rules = List.copyOf(rules);
    }

    public static ConfigKey<String> string(String name, String defaultText, String doc) {
        return new ConfigKey<>(name, ConfigType.STRING, "string", (k, t) -> t.trim(), Optional.of(defaultText),
                defaultText.isEmpty() ? "(empty)" : "`" + defaultText + "`", List.of(), doc);
    }

    public static ConfigKey<Integer> integer(String name, int defaultValue, String doc) {
        return new ConfigKey<>(name, ConfigType.INT, "int", ConfigKey::parseInt, Optional.of(Integer.toString(defaultValue)),
                "`" + defaultValue + "`", List.of(), doc);
    }

    public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String doc) {
        return new ConfigKey<>(name, ConfigType.BOOLEAN, "boolean", ConfigKey::parseBoolean,
                Optional.of(Boolean.toString(defaultValue)), "`" + defaultValue + "`", List.of(), doc);
    }

    public static ConfigKey<java.time.Duration> duration(String name, String defaultText, String doc) {
        return new ConfigKey<>(name, ConfigType.DURATION, "duration", Quantities::parseDuration,
                Optional.of(defaultText), "`" + defaultText + "`", List.of(), doc);
    }

    public static ConfigKey<Long> size(String name, String defaultText, String doc) {
        return new ConfigKey<>(name, ConfigType.SIZE, "size", Quantities::parseSize, Optional.of(defaultText),
                "`" + defaultText + "`", List.of(), doc);
    }

    public static ConfigKey<Path> path(String name, String derivedDefaultDoc, String doc) {
        return new ConfigKey<Path>(name, ConfigType.PATH, "path", ConfigKey::parsePath, Optional.empty(),
                derivedDefaultDoc, List.of(), doc);
    }

    /** An enum written in lower case, e.g. {@code json} for {@code JSON}. */
    public static <E extends Enum<E>> ConfigKey<E> enumeration(String name, Class<E> type, E defaultValue, String doc) {
        String values = Arrays.stream(type.getEnumConstants()).map(ConfigKey::lower).collect(Collectors.joining(", "));
        BiFunction<String, String, E> parser = (k, t) -> Arrays.stream(type.getEnumConstants())
                .filter(e -> lower(e).equals(t.trim().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> ConfigException.single(k, t, "must be one of: " + values));
        return new ConfigKey<>(name, ConfigType.ENUM, "enum: " + values.replace(", ", " \\| "), parser,
                Optional.of(lower(defaultValue)), "`" + lower(defaultValue) + "`", List.of(), doc);
    }

    /** This key with one more rule on its parsed value. */
    public ConfigKey<T> require(Predicate<T> test, String reason) {
        List<Rule<T>> more = new ArrayList<>(rules);
        more.add(new Rule<>(test, reason));
        return new ConfigKey<>(name, type, typeDoc, parser, defaultText, defaultDoc, more, doc);
    }

    /** This key with a default computed by the loader; {@code description} is what the README shows. */
    public ConfigKey<T> derivedDefault(String description) {
        return new ConfigKey<>(name, type, typeDoc, parser, Optional.empty(), description, rules, doc);
    }

    /** Parses and checks {@code text}; throws {@link ConfigException} naming the first failed rule. */
    public T parse(String text) {
        T value = parser.apply(name, text);
        check(text, value);
        return value;
    }

    /** Checks an already-typed value (a derived default) against the rules. */
    public T check(String text, T value) {
        for (Rule<T> rule : rules) {
            if (!rule.test().test(value)) {
                throw ConfigException.single(name, text, rule.reason());
            }
        }
        return value;
    }

    private static Integer parseInt(String key, String text) {
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw ConfigException.single(key, text, "not a whole number between -2147483648 and 2147483647");
        }
    }

    private static Boolean parseBoolean(String key, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ConfigException.single(key, text, "must be true or false");
        };
    }

    private static Path parsePath(String key, String text) {
        if (text.isBlank()) {
            throw ConfigException.single(key, text, "must name a path");
        }
        try {
            return Path.of(text.trim());
        } catch (java.nio.file.InvalidPathException e) {
            throw ConfigException.single(key, text, "not a valid path: " + e.getReason());
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
