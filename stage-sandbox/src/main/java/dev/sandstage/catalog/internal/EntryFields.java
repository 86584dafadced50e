package dev.sandstage.catalog.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandstage.catalog.CatalogException;
import dev.sandstage.config.ConfigException;
import dev.sandstage.config.Quantities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, checked access to one YAML mapping of the catalog (a tool entry or the {@code pool}
 * block): every failure becomes a {@link CatalogException} naming the tool and the key.
 * Single-thread, used only while loading.
 */
final class EntryFields {

    private final String source;
    private final String tool;
    private final String prefix;
    private final JsonNode node;

    EntryFields(String source, String tool, String prefix, JsonNode node, Set<String> known) {
        this.source = source;
        this.tool = tool;
        this.prefix = prefix;
        this.node = node;
        if (node == null || !node.isObject()) {
            throw fail("", "must be a mapping of keys to values");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw fail(key, "unknown key (known keys: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    CatalogException fail(String key, String reason) {
        return fail(key, reason, null);
    }

    CatalogException fail(String key, String reason, Throwable cause) {
        String full = key.isEmpty() ? prefix.replaceAll("\\.$", "") : prefix + key;
        return new CatalogException(source, tool, full.isEmpty() ? "tools" : full, reason, cause);
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    String text(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw fail(key, "must be a non-empty text value");
        }
        return v.asText().strip();
    }

    String requiredText(String key) {
        String value = text(key, null);
        if (value == null) {
            throw fail(key, "is required");
        }
        return value;
    }

    Duration duration(String key, Duration fallback) {
        String value = text(key, null);
        if (value == null) {
            return fallback;
        }
        Duration d;
        try {
            d = Quantities.parseDuration(key, value);
        } catch (ConfigException e) {
            throw fail(key, "\"" + value + "\": " + e.problems().get(0).reason(), e);
        }
        if (d.isZero()) {
            throw fail(key, "must be positive, got \"" + value + "\"");
        }
        return d;
    }

    long bytes(String key, long fallback) {
        String value = text(key, null);
        if (value == null) {
            return fallback;
        }
        long n;
        try {
            n = Quantities.parseSize(key, value);
        } catch (ConfigException e) {
            throw fail(key, "\"" + value + "\": " + e.problems().get(0).reason(), e);
        }
        if (n <= 0) {
            throw fail(key, "must be positive, got \"" + value + "\"");
        }
        return n;
    }

    double positiveNumber(String key, double fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isNumber() || !(v.asDouble() > 0) || Double.isInfinite(v.asDouble())) {
            throw fail(key, "must be a positive number, got " + v);
        }
        return v.asDouble();
    }

    int integer(String key, int fallback, int min) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min) {
            throw fail(key, "must be a whole number of at least " + min + ", got " + v);
        }
        return v.asInt();
    }

    boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isBoolean()) {
            throw fail(key, "must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    List<String> requiredStrings(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw fail(key, "is required");
        }
        if (!v.isArray() || v.isEmpty()) {
            throw fail(key, "must be a non-empty list of strings (argv), e.g. [\"python3\", \"/opt/tools/echo.py\"]");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual() || e.asText().indexOf('\0') >= 0) {
                throw fail(key, "every element must be a string without NUL, got " + e);
            }
            out.add(e.asText());
        }
        if (out.get(0).isBlank()) {
            throw fail(key, "the first element must name the program");
        }
        return out;
    }
}
