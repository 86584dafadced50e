package dev.sandstage.catalog.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sandstage.catalog.CatalogException;
import dev.sandstage.catalog.ToolDefinition;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a catalog document (YAML) into validated {@link ToolDefinition}s and pool defaults.
 * Every problem is a {@link CatalogException} naming the tool, the key and the reason; the first
 * problem found ends the read. Called by {@code ToolCatalog.load*} on the starting thread.
 */
public final class CatalogReader {

    /** Reads the bytes of a schema file named relative to the catalog. */
    @FunctionalInterface
    public interface SchemaSource {
        /** The file's bytes, or null when it does not exist. */
        byte[] read(String relativePath) throws IOException;
    }

    /** What a catalog document holds. */
    public record Parsed(List<ToolDefinition> tools, PoolDefaults pool) {}

    /** Class settings shared by every derived pool class, from the optional {@code pool} block. */
    public record PoolDefaults(int minIdle, int max, int maxUses, Duration idleTtl, Duration sessionIdleTimeout) {}

    private static final Set<String> TOP_KEYS = Set.of("tools", "pool");
    private static final Set<String> POOL_KEYS = Set.of("min-idle", "max", "max-uses", "idle-ttl",
            "session-idle-timeout");
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private CatalogReader() {}

    public static Parsed read(String source, byte[] yaml, SchemaSource schemas) {
        JsonNode root = parse(source, yaml);
        EntryFields top = new EntryFields(source, null, "", root, TOP_KEYS);
        PoolDefaults pool = poolDefaults(source, root.get("pool"));
        JsonNode tools = root.get("tools");
        if (tools == null || !tools.isObject() || tools.isEmpty()) {
            throw top.fail("tools", "must map at least one tool name to its entry");
        }
        ToolEntryReader entries = new ToolEntryReader(source, schemas, new ArgumentSchemas(), pool);
        List<ToolDefinition> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tools.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!TOOL_NAME.matcher(e.getKey()).matches()) {
                throw new CatalogException(source, e.getKey(), "tools", "tool names are 1 to 64 characters of "
                        + "A-Z, a-z, 0-9, '_', '.', '-', starting with a letter or digit");
            }
            out.add(entries.read(e.getKey(), e.getValue()));
        }
        return new Parsed(List.copyOf(out), pool);
    }

    private static JsonNode parse(String source, byte[] yaml) {
        try {
            JsonNode root = YAML.readTree(yaml);
            if (root == null || root.isMissingNode()) {
                throw new CatalogException(source, null, "tools", "the catalog is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            Matcher m = DUPLICATE.matcher(e.getOriginalMessage());
            if (m.find()) {
                throw duplicate(source, m.group(1), e);
            }
            throw new CatalogException(source, null, "tools", "not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CatalogException(source, null, "tools", "cannot be read: " + e.getMessage(), e);
        }
    }

    /** A repeated key: a tool defined twice when the repeated key sits directly under {@code tools}. */
    private static CatalogException duplicate(String source, String name, JsonProcessingException e) {
        String reason = "defined twice (line " + e.getLocation().getLineNr() + ")";
        JsonStreamContext ctx = e.getProcessor() instanceof JsonParser p ? p.getParsingContext() : null;
        String parent = ctx == null || ctx.getParent() == null ? null : ctx.getParent().getCurrentName();
        if ("tools".equals(parent) && ctx.getParent().getParent() != null
                && ctx.getParent().getParent().inRoot()) {
            return new CatalogException(source, name, "tools", "tool " + reason, e);
        }
        JsonStreamContext grand = ctx == null || ctx.getParent() == null ? null : ctx.getParent().getParent();
        boolean inTool = grand != null && "tools".equals(grand.getCurrentName());
        return new CatalogException(source, inTool ? parent : null, name, "key " + reason, e);
    }

    private static PoolDefaults poolDefaults(String source, JsonNode node) {
        if (node == null || node.isNull()) {
            return new PoolDefaults(1, 4, 100, Duration.ofMinutes(10), Duration.ofMinutes(5));
        }
        EntryFields f = new EntryFields(source, null, "pool.", node, POOL_KEYS);
        PoolDefaults p = new PoolDefaults(f.integer("min-idle", 1, 0), f.integer("max", 4, 1),
                f.integer("max-uses", 100, 1), f.duration("idle-ttl", Duration.ofMinutes(10)),
                f.duration("session-idle-timeout", Duration.ofMinutes(5)));
        if (p.minIdle() > p.max()) {
            throw f.fail("min-idle", "must not exceed max (" + p.max() + "), got " + p.minIdle());
        }
        return p;
    }
}
