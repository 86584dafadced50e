package dev.sandstage.catalog;

import dev.sandstage.error.SandstageFatalException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tool catalog is unusable: a tool entry has an unknown key, a missing or malformed value, or
 * a schema that cannot be read. Thrown by {@link ToolCatalog#load} at startup, before anything
 * runs; the message names the tool, the key and the reason, e.g.
 * {@code catalog tool 'echo': timeout: "5x" is not a duration (use 250ms, 5s, 2m)}. Fatal: the
 * same file fails again.
 */
public final class CatalogException extends SandstageFatalException {

    private final String tool;
    private final String key;
    private final String reason;

    /**
     * @param source the catalog file or resource
     * @param tool the tool's name, or null for a catalog-level key
     * @param key the offending key, e.g. {@code timeout} or {@code pool.max}
     * @param reason why, in words a person acts on
     */
    public CatalogException(String source, String tool, String key, String reason, Throwable cause) {
        super(message(tool, key, reason), context(source, tool, key), cause);
        this.tool = tool;
        this.key = key;
        this.reason = reason;
    }

    public CatalogException(String source, String tool, String key, String reason) {
        this(source, tool, key, reason, null);
    }

    /** The tool whose entry is wrong; null when the problem is outside any tool. */
    public String tool() {
        return tool;
    }

    /** The key whose value is wrong. */
    public String key() {
        return key;
    }

    /** Why the value was rejected. */
    public String reason() {
        return reason;
    }

    private static String message(String tool, String key, String reason) {
        String where = tool == null ? "catalog" : "catalog tool '" + tool + "'";
        return where + ": " + key + ": " + reason;
    }

    private static Map<String, String> context(String source, String tool, String key) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("catalog", source);
        if (tool != null) {
            context.put("tool", tool);
        }
        context.put("key", key);
        return context;
    }
}
