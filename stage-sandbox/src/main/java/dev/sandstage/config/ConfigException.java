package dev.sandstage.config;

import dev.sandstage.error.SandstageFatalException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration is invalid. Thrown by {@link StageConfigLoader#load} before anything starts,
 * listing every problem found, one {@code key=value: reason} line each, so an operator fixes them
 * all in one pass. Fatal: the same configuration fails again. Immutable once thrown.
 */
public final class ConfigException extends SandstageFatalException {

    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(message(problems), context(problems));
        this.problems = List.copyOf(problems);
    }

    /** One problem with one key. */
    public static ConfigException single(String key, String value, String reason) {
        return new ConfigException(List.of(new ConfigProblem(key, value, reason)));
    }

    /** Every problem, in the order found (file and environment keys first, cross-field rules last). */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String message(List<ConfigProblem> problems) {
        StringBuilder sb = new StringBuilder("invalid configuration (")
                .append(problems.size()).append(problems.size() == 1 ? " problem)" : " problems)");
        for (ConfigProblem p : problems) {
            sb.append("\n  ").append(p.line());
        }
        return sb.toString();
    }

    private static Map<String, Object> context(List<ConfigProblem> problems) {
        Map<String, Object> context = new LinkedHashMap<>();
        for (ConfigProblem p : problems) {
            // A key may fail twice (its own rule and a cross-field rule); keep both reasons.
            context.merge(p.key(), p.value() + ": " + p.reason(), (a, b) -> a + "; " + b);
        }
        return context;
    }
}
