package dev.sandstage.catalog;

import dev.sandstage.verify.ToolCeilings;
import dev.sandstage.verify.VerifiableTool;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import dev.sandstage.events.NetworkMode;
import dev.sandstage.pool.ClassLimits;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One tool of the {@link ToolCatalog}: how it runs (image, command, runtime, hardening profile),
 * its ceilings (timeout, memory, CPU, processes, output and argument bytes), whether running it
 * twice is harmless, and the JSON Schema its arguments must satisfy. Built and validated by
 * {@link ToolCatalog#load}; read by the verifier (arguments, constraints) and the scheduler
 * (class, isolation, limits). Immutable; any thread (a compiled {@link JsonSchema} is
 * thread-safe).
 *
 * @param name the tool's name, as decisions carry it
 * @param image the tool image (local; never pulled)
 * @param command argv; the arguments arrive as JSON on stdin
 * @param argumentsSchema the compiled JSON Schema (draft 2020-12) of the arguments
 * @param timeout wall-time ceiling of one call
 * @param memoryBytes memory ceiling of the sandbox
 * @param cpus CPU ceiling in cores
 * @param pids process ceiling of the sandbox
 * @param maxOutputBytes stdout + stderr bytes kept for the result
 * @param network the network the tool may use; only {@link NetworkMode#NONE} for now
 * @param idempotent whether running it again after a crash is harmless
 * @param isolation whether the workspace survives between a session's calls
 * @param runtime {@code runc} or {@code runsc}
 * @param hardeningProfile the pool hardening profile, e.g. {@code strict}
 * @param maxArgumentsBytes the largest {@code arguments_json} accepted, in UTF-8 bytes
 * @param minIdle sandboxes of this tool's class kept warm (the class takes the largest wish)
 * @param max sandboxes of this tool's class at most (the class takes the largest wish)
 * @param className the pool class this tool runs in, derived from image, runtime, profile, limits
 */
public record ToolDefinition(String name, String image, List<String> command, JsonSchema argumentsSchema,
        Duration timeout, long memoryBytes, double cpus, int pids, long maxOutputBytes, NetworkMode network,
        boolean idempotent, Isolation isolation, String runtime, String hardeningProfile, long maxArgumentsBytes,
        int minIdle, int max, String className) implements VerifiableTool {

    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        command = List.copyOf(command);
        Objects.requireNonNull(argumentsSchema, "argumentsSchema");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(hardeningProfile, "hardeningProfile");
        Objects.requireNonNull(className, "className");
    }

    /** The limits the pool class carries for this tool. */
    public ClassLimits limits() {
        return new ClassLimits(memoryBytes, cpus, pids);
    }

    /**
     * Checks {@code arguments} against the tool's schema. Empty when valid; otherwise one
     * message per violation, each starting with the JSON path, e.g.
     * {@code $.id: does not match the regex pattern ^i-[0-9a-f]{4,17}$}, in a stable order.
     */
    public List<String> validateArguments(JsonNode arguments) {
        return argumentsSchema.validate(arguments).stream()
                .sorted(Comparator.comparing((ValidationMessage m) -> String.valueOf(m.getInstanceLocation()))
                        .thenComparing(ValidationMessage::getMessage))
                .map(ValidationMessage::getMessage)
                .toList();
    }

    /** The tool's own limits, which a decision's constraints may only tighten. */
    @Override
    public ToolCeilings ceilings() {
        return new ToolCeilings(timeout, memoryBytes, cpus, maxOutputBytes, network != NetworkMode.NONE);
    }
}
