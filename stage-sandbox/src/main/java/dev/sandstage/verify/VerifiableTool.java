package dev.sandstage.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the {@link DecisionVerifier} needs to know of a tool: its name, how large its arguments
 * may be, how to validate them, and the limits it runs under. The catalog's tool definitions
 * implement it; the verifier never depends on the catalog itself.
 *
 * <p>Implementations must be immutable and thread-safe: the verifier calls them from whichever
 * thread verifies a decision (the consumer's thread today, possibly several later).
 */
public interface VerifiableTool {

    /** The catalog name, as decisions spell it in {@code tool}. */
    String name();

    /** Largest {@code arguments_json} this tool accepts, in UTF-8 bytes. */
    long maxArgumentsBytes();

    /**
     * Validates parsed arguments against the tool's JSON Schema.
     *
     * @return one message per violation, each naming the JSON path (e.g. {@code $.instance});
     *     empty when the arguments are valid. Messages must not repeat whole argument values.
     */
    List<String> validateArguments(JsonNode arguments);

    /** The most this tool may ever use; a decision's constraints may only go below these. */
    ToolCeilings ceilings();
}
