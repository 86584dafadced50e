package dev.sandstage.catalog.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import dev.sandstage.agent.RunRequest;
import dev.sandstage.catalog.CatalogException;
import dev.sandstage.catalog.Isolation;
import dev.sandstage.catalog.ToolDefinition;
import dev.sandstage.catalog.internal.CatalogReader.PoolDefaults;
import dev.sandstage.catalog.internal.CatalogReader.SchemaSource;
import dev.sandstage.events.NetworkMode;
import dev.sandstage.pool.ClassLimits;
import dev.sandstage.pool.HardeningProfile;
import dev.sandstage.pool.PoolConfigException;
import dev.sandstage.pool.SandboxClass;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one tool entry of the catalog into a {@link ToolDefinition}, applying defaults and
 * checking every value, including that the pool would accept the tool's sandbox class (memory
 * covering the profile's tmpfs mounts, for one). Single-thread, used only while loading.
 */
final class ToolEntryReader {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final long DEFAULT_MEMORY = ClassLimits.DEFAULT.memoryBytes();
    static final long DEFAULT_MAX_OUTPUT = 64L << 10;
    static final long DEFAULT_MAX_ARGUMENTS = 64L << 10;

    private static final Set<String> KEYS = Set.of("image", "command", "arguments-schema", "timeout", "memory",
            "cpus", "pids", "max-output", "max-arguments", "network", "idempotent", "isolation", "runtime",
            "hardening", "min-idle", "max");
    /** Pool configuration keys, as {@link PoolConfigException} names them, to catalog keys. */
    private static final Map<String, String> POOL_KEYS = Map.of("limits.memory", "memory", "limits.cpus", "cpus",
            "limits.pids", "pids", "hardening-profile", "hardening");

    private final String source;
    private final SchemaSource schemas;
    private final ArgumentSchemas compiler;
    private final PoolDefaults pool;

    ToolEntryReader(String source, SchemaSource schemas, ArgumentSchemas compiler, PoolDefaults pool) {
        this.source = source;
        this.schemas = schemas;
        this.compiler = compiler;
        this.pool = pool;
    }

    ToolDefinition read(String name, JsonNode node) {
        EntryFields f = new EntryFields(source, name, "", node, KEYS);
        String image = f.requiredText("image");
        List<String> command = f.requiredStrings("command");
        JsonSchema schema = schema(f, f.requiredText("arguments-schema"));
        Duration timeout = f.duration("timeout", DEFAULT_TIMEOUT);
        long memory = f.bytes("memory", DEFAULT_MEMORY);
        double cpus = f.positiveNumber("cpus", ClassLimits.DEFAULT.cpus());
        int pids = f.integer("pids", ClassLimits.DEFAULT.pids(), 1);
        long maxOutput = f.bytes("max-output", DEFAULT_MAX_OUTPUT);
        if (maxOutput > RunRequest.MAX_CAPTURE_BYTES / 2) {
            throw f.fail("max-output", "must be at most " + RunRequest.MAX_CAPTURE_BYTES / 2 + " bytes, got "
                    + maxOutput);
        }
        long maxArguments = f.bytes("max-arguments", DEFAULT_MAX_ARGUMENTS);
        NetworkMode network = network(f);
        boolean idempotent = f.bool("idempotent", false);
        Isolation isolation = isolation(f);
        String runtime = f.text("runtime", "runc");
        if (!SandboxClass.RUNTIMES.contains(runtime)) {
            throw f.fail("runtime", "\"" + runtime + "\" is not a runtime (use runc or runsc)");
        }
        String hardening = f.text("hardening", HardeningProfile.DEFAULT.name());
        if (!HardeningProfile.presetNames().contains(hardening)) {
            throw f.fail("hardening", "\"" + hardening + "\" is not a hardening profile (use one of "
                    + HardeningProfile.presetNames() + ")");
        }
        int minIdle = f.integer("min-idle", pool.minIdle(), 0);
        int max = f.integer("max", pool.max(), 1);
        String className = ClassNames.derive(image, runtime, hardening, memory, cpus, pids);
        requirePoolAccepts(f, className, image, runtime, hardening, memory, cpus, pids, minIdle, max);
        return new ToolDefinition(name, image, command, schema, timeout, memory, cpus, pids, maxOutput, network,
                idempotent, isolation, runtime, hardening, maxArguments, minIdle, max, className);
    }

    private JsonSchema schema(EntryFields f, String path) {
        byte[] bytes;
        try {
            bytes = schemas.read(path);
        } catch (IOException e) {
            throw f.fail("arguments-schema", "schema file " + path + " cannot be read: " + e.getMessage(), e);
        }
        if (bytes == null) {
            throw f.fail("arguments-schema", "schema file " + path + " not found (paths are relative to the "
                    + "catalog)");
        }
        try {
            return compiler.compile(bytes);
        } catch (IllegalArgumentException e) {
            throw f.fail("arguments-schema", "schema file " + path + " " + e.getMessage(), e);
        }
    }

    private static NetworkMode network(EntryFields f) {
        String value = f.text("network", "none");
        if (!value.equals("none")) {
            throw f.fail("network", "\"" + value + "\" is not supported (only none is, for now)");
        }
        return NetworkMode.NONE;
    }

    private static Isolation isolation(EntryFields f) {
        String value = f.text("isolation", "call");
        for (Isolation i : Isolation.values()) {
            if (i.yamlName().equals(value.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw f.fail("isolation", "\"" + value + "\" is not an isolation (use call or session)");
    }

    private void requirePoolAccepts(EntryFields f, String className, String image, String runtime,
            String hardening, long memory, double cpus, int pids, int minIdle, int max) {
        try {
            new SandboxClass(className, image, runtime, hardening, new ClassLimits(memory, cpus, pids), minIdle,
                    max, pool.maxUses(), pool.idleTtl(), pool.sessionIdleTimeout());
        } catch (PoolConfigException e) {
            String key = e.key().replaceFirst("^pool\\.classes\\.[^.]*\\.", "");
            throw f.fail(POOL_KEYS.getOrDefault(key, key), e.reason() + " (got " + e.value() + ")", e);
        }
    }
}
