package dev.sandstage.catalog;

import dev.sandstage.catalog.internal.CatalogReader;
import dev.sandstage.catalog.internal.CatalogReader.Parsed;
import dev.sandstage.catalog.internal.CatalogReader.PoolDefaults;
import dev.sandstage.pool.SandboxClass;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tools the stage can run, read from a YAML catalog (DESIGN section 4) and validated in full
 * at startup: a bad entry fails {@link #load} with a {@link CatalogException} naming the tool, the
 * key and the reason, before anything consumes. Also derives the pool classes the tools need:
 * one {@link SandboxClass} per distinct image, runtime, hardening profile and limits.
 *
 * <p>Built once by the launcher; read by the verifier and the scheduler. Immutable; any thread.
 */
public final class ToolCatalog {

    /** Classpath location of the catalog shipped with the stage. */
    public static final String DEFAULT_RESOURCE = "dev/sandstage/catalog/default-catalog.yaml";

    private final String source;
    private final Map<String, ToolDefinition> tools;
    private final List<SandboxClass> classes;

    private ToolCatalog(String source, Parsed parsed) {
        this.source = source;
        Map<String, ToolDefinition> byName = new LinkedHashMap<>();
        parsed.tools().forEach(t -> byName.put(t.name(), t));
        this.tools = Collections.unmodifiableMap(byName);
        this.classes = deriveClasses(parsed.tools(), parsed.pool());
    }

    /** Reads the catalog at {@code file}; schema paths in it are relative to its directory. */
    public static ToolCatalog load(Path file) {
        String source = file.toString();
        byte[] yaml;
        try {
            yaml = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CatalogException(source, null, "tools", "the catalog file cannot be read: " + e, e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return new ToolCatalog(source, CatalogReader.read(source, yaml, relative -> {
            try {
                return Files.readAllBytes(dir.resolve(relative));
            } catch (NoSuchFileException e) {
                return null;
            }
        }));
    }

    /**
     * The catalog shipped with the stage ({@value #DEFAULT_RESOURCE}), referring to
     * {@code sandstage/tools:latest} and {@code sandstage/interpreter:latest}.
     */
    public static ToolCatalog loadDefault() {
        return loadResource(DEFAULT_RESOURCE);
    }

    /** Reads a catalog from the classpath; schema paths in it are relative to the resource. */
    public static ToolCatalog loadResource(String resource) {
        String source = "classpath:" + resource;
        byte[] yaml = resource(resource);
        if (yaml == null) {
            throw new CatalogException(source, null, "tools", "the catalog resource is missing");
        }
        String dir = resource.contains("/") ? resource.substring(0, resource.lastIndexOf('/') + 1) : "";
        return new ToolCatalog(source, CatalogReader.read(source, yaml,
                relative -> resource(URI.create(dir).resolve(relative).normalize().toString())));
    }

    /** The tool named {@code name}, as a decision names it. */
    public Optional<ToolDefinition> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /** Every tool, in catalog order. */
    public Collection<ToolDefinition> tools() {
        return tools.values();
    }

    /**
     * The pool classes the tools need, one per distinct image, runtime, hardening profile and
     * limits, in order of first use. A class keeps warm and allows as many sandboxes as the most
     * demanding of its tools asks for; uses, idle TTL and session timeout come from the catalog's
     * {@code pool} block.
     */
    public List<SandboxClass> sandboxClasses() {
        return classes;
    }

    /** Where the catalog was read from, for logs. */
    public String source() {
        return source;
    }

    private static List<SandboxClass> deriveClasses(List<ToolDefinition> tools, PoolDefaults pool) {
        Map<String, SandboxClass> byName = new LinkedHashMap<>();
        for (ToolDefinition t : tools) {
            SandboxClass seen = byName.get(t.className());
            int minIdle = seen == null ? t.minIdle() : Math.max(seen.minIdle(), t.minIdle());
            int max = seen == null ? t.max() : Math.max(seen.max(), t.max());
            byName.put(t.className(), new SandboxClass(t.className(), t.image(), t.runtime(), t.hardeningProfile(),
                    t.limits(), minIdle, Math.max(max, minIdle), pool.maxUses(), pool.idleTtl(),
                    pool.sessionIdleTimeout()));
        }
        return List.copyOf(new ArrayList<>(byName.values()));
    }

    private static byte[] resource(String name) {
        try (InputStream in = ToolCatalog.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new CatalogException("classpath:" + name, null, "tools", "cannot be read: " + e, e);
        }
    }
}
