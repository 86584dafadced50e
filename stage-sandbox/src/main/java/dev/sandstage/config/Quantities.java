package dev.sandstage.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the human quantities configuration files use: durations such as {@code 250ms},
 * {@code 5s}, {@code 2m}, {@code 1h} and sizes such as {@code 64Mi}, {@code 64MiB},
 * {@code 512KiB}, {@code 1G} or plain bytes. Sizes are binary ({@code Ki} = 1024) whether or not
 * the {@code i} is written, because memory limits are; the parse is exact and rejects overflow.
 * Used by the catalog and configuration loaders; stateless, any thread.
 */
public final class Quantities {

    /** What a duration looks like, for error messages. */
    public static final String DURATION_HINT = "use 250ms, 5s, 2m";
    /** What a size looks like, for error messages. */
    public static final String SIZE_HINT = "use 65536, 64KiB, 64Mi, 1GiB";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*([kmgt]?)(i?b?)?");
    private static final Map<String, Integer> SHIFT = Map.of("", 0, "k", 10, "m", 20, "g", 30, "t", 40);

    private Quantities() {}

    /**
     * A positive or zero duration, e.g. {@code 5s}.
     *
     * @throws IllegalArgumentException whose message is the reason, e.g.
     *     {@code "5x" is not a duration (use 250ms, 5s, 2m)}
     */
    public static Duration parseDuration(String text) {
        Matcher m = text == null ? null : DURATION.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(quote(text) + " is not a duration (" + DURATION_HINT + ")");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /**
     * A size in bytes, e.g. {@code 64Mi} = 67108864.
     *
     * @throws IllegalArgumentException whose message is the reason
     */
    public static long parseBytes(String text) {
        Matcher m = text == null ? null : SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (m == null || !m.matches() || (m.group(2).isEmpty() && m.group(3) != null && m.group(3).startsWith("i"))) {
            throw new IllegalArgumentException(quote(text) + " is not a size (" + SIZE_HINT + ")");
        }
        int shift = SHIFT.get(m.group(2));
        try {
            long n = Long.parseLong(m.group(1));
            if (n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(quote(text) + " is too large a size", e);
        }
    }

    private static String quote(String text) {
        return text == null ? "null" : "\"" + text + "\"";
    }
}
