package dev.sandstage.host.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandstage.error.SandstageFatalException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registers the gVisor runtime in the Docker daemon's {@code daemon.json}, keeping everything
 * else in the file. Pure logic over the file's text; {@link DaemonConfigFile} does the I/O.
 *
 * <p>Stateless and thread-safe.
 */
public final class DaemonJson {

    /** The runtime name containers ask for ({@code --runtime runsc}). */
    public static final String RUNSC = "runsc";

    /**
     * gVisor gets no network stack at all. Sandstage's containers never have network
     * ({@code --network none}), and on an engine started with {@code --bridge=none} (as here)
     * runsc's default network mode refuses to start: "cannot run with network enabled in root
     * network namespace". {@code --network=none} fixes that and removes gVisor's netstack from
     * the attack surface.
     */
    public static final String NETWORK_NONE_ARG = "--network=none";

    /**
     * Without it gVisor accepts a container's OCI seccomp profile and ignores it: the stage's
     * profile (no io_uring, ptrace, keyctl...) must hold inside gVisor's kernel too.
     */
    public static final String OCI_SECCOMP_ARG = "--oci-seccomp";

    /** The arguments every runsc registration must carry, in the order they are appended. */
    public static final List<String> REQUIRED_RUNSC_ARGS = List.of(NETWORK_NONE_ARG, OCI_SECCOMP_ARG);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DaemonJson() {}

    /** The result of a merge: the text to write and whether it differs in meaning from the input. */
    public record Merge(String json, boolean changed) {}

    /**
     * Ensures {@code runtimes.runsc} exists with a path and the {@link #REQUIRED_RUNSC_ARGS}.
     * Unrelated keys, other runtimes and extra runsc arguments are kept; an existing runsc path
     * is respected.
     *
     * @param existing the current file content; null or blank when the file does not exist
     * @param file the file's path, named in errors
     * @param runscPath where the runsc binary is, used when the entry has no path
     * @throws SandstageFatalException when the text is not a JSON object, or its
     *     {@code runtimes} is not an object
     */
    public static Merge registerRunsc(String existing, Path file, String runscPath) {
        return registerRunsc(existing, file, runscPath, false);
    }

    /**
     * As {@link #registerRunsc(String, Path, String)}; with {@code replacePath} the entry's path
     * becomes {@code runscPath} even when it names another binary (prepare installed a newer
     * gVisor than the one registered).
     */
    public static Merge registerRunsc(String existing, Path file, String runscPath, boolean replacePath) {
        ObjectNode root = parse(existing, file);
        ObjectNode before = root.deepCopy();
        ObjectNode runtimes = objectField(root, "runtimes", file);
        ObjectNode runsc = objectField(runtimes, RUNSC, file);
        if (replacePath || !runsc.hasNonNull("path")) {
            runsc.put("path", runscPath);
        }
        JsonNode args = runsc.get("runtimeArgs");
        if (args == null || args.isNull()) {
            args = runsc.putArray("runtimeArgs");
        }
        if (!args.isArray()) {
            throw invalid(file, "runtimes.runsc.runtimeArgs is not an array");
        }
        for (String required : REQUIRED_RUNSC_ARGS) {
            if (!containsText((ArrayNode) args, required)) {
                ((ArrayNode) args).add(required);
            }
        }
        boolean changed = !root.equals(before);
        return new Merge(changed ? write(root) : existingOrEmpty(existing), changed);
    }

    /** The path registered for runtime runsc, if the file has one. */
    public static Optional<String> runscPath(String existing, Path file) {
        JsonNode path = parse(existing, file).at("/runtimes/" + RUNSC + "/path");
        return path.isTextual() && !path.asText().isBlank() ? Optional.of(path.asText()) : Optional.empty();
    }

    private static ObjectNode parse(String text, Path file) {
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SandstageFatalException(
                    "Docker daemon config is not valid JSON; fix or remove it, then run prepare again",
                    Map.of("file", file, "error", e.getOriginalMessage()),
                    e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw invalid(file, "top level is not a JSON object");
        }
        return object;
    }

    private static ObjectNode objectField(ObjectNode parent, String name, Path file) {
        JsonNode child = parent.get(name);
        if (child == null || child.isNull()) {
            return parent.putObject(name);
        }
        if (!(child instanceof ObjectNode object)) {
            throw invalid(file, "\"" + name + "\" is not a JSON object");
        }
        return object;
    }

    private static boolean containsText(ArrayNode array, String text) {
        for (JsonNode element : array) {
            if (text.equals(element.asText())) {
                return true;
            }
        }
        return false;
    }

    private static SandstageFatalException invalid(Path file, String reason) {
        return new SandstageFatalException(
                "Docker daemon config has an unexpected shape; fix it, then run prepare again",
                Map.of("file", file, "error", reason));
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    private static String existingOrEmpty(String existing) {
        return existing == null ? "" : existing;
    }
}
