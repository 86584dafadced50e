package dev.sandstage.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the human quantities used in configuration files: durations ({@code 250ms}, {@code 5s},
 * {@code 2m}, {@code 1h}) and byte sizes ({@code 512}, {@code 64KiB}, {@code 16Mi}, {@code 1GB}).
 * Called by the configuration binder and by anything else that reads such values (the tool
 * catalog). Stateless; any thread.
 *
 * <p>Failures throw {@link ConfigException} naming the key, the text and the reason, so a caller
 * that collects problems can keep its single {@code key=value: reason} line.
 */
public final class Quantities {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,18})\\s*([A-Za-z]*)");

    private Quantities() {}

    /**
     * A duration: a whole number followed by {@code ms}, {@code s}, {@code m}, {@code h} or
     * {@code d}. A bare number is accepted only when it is {@code 0}, because a bare
     * {@code 30} could mean seconds or milliseconds.
     */
    public static Duration parseDuration(String key, String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            throw ConfigException.single(key, text,
                    "not a duration: write a whole number and a unit, e.g. 250ms, 5s, 2m, 1h");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2);
        if (unit == null) {
            if (n == 0) {
                return Duration.ZERO;
            }
            throw ConfigException.single(key, text, "a duration needs a unit (ms, s, m, h, d), e.g. " + n + "s");
        }
        try {
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (ArithmeticException e) {
            throw ConfigException.single(key, text, "duration is too long");
        }
    }

    /**
     * A size in bytes: a whole number, optionally followed by a binary unit ({@code Ki},
     * {@code KiB}, {@code Mi}, {@code MiB}, {@code Gi}, {@code GiB}: powers of 1024), a decimal
     * unit ({@code k}, {@code kB}, {@code KB}, {@code M}, {@code MB}, {@code G}, {@code GB}:
     * powers of 1000) or {@code B}.
     */
    public static long parseSize(String key, String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            throw ConfigException.single(key, text, "not a size: write a whole number and a unit, e.g. 512, 64KiB, 16Mi");
        }
        long n = Long.parseLong(m.group(1));
        long multiplier = switch (m.group(2)) {
            case "", "B" -> 1L;
            case "Ki", "KiB" -> 1L << 10;
            case "Mi", "MiB" -> 1L << 20;
            case "Gi", "GiB" -> 1L << 30;
            case "k", "kB", "KB" -> 1_000L;
            case "M", "MB" -> 1_000_000L;
            case "G", "GB" -> 1_000_000_000L;
            default -> throw ConfigException.single(key, text, "unknown size unit '" + m.group(2)
                    + "': use B, Ki, KiB, Mi, MiB, Gi, GiB, k, kB, M, MB, G or GB");
        };
        try {
            return Math.multiplyExact(n, multiplier);
        } catch (ArithmeticException e) {
            throw ConfigException.single(key, text, "size is too large");
        }
    }

    /** The shortest exact text for {@code d} in the units {@link #parseDuration} reads. */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1_000L == 0) {
            return ms / 1_000L + "s";
        }
        return ms + "ms";
    }

    /** The shortest exact text for {@code bytes} in binary units, e.g. {@code 64KiB}. */
    public static String formatSize(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        int[] shifts = {30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes != 0 && bytes % unit == 0) {
                return (bytes / unit) + units[i];
            }
        }
        return Long.toString(bytes).toLowerCase(Locale.ROOT);
    }
}
