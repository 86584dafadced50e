package dev.sandstage.verify;

import java.util.Optional;

/**
 * Finds a tool by its catalog name. The catalog provides one; tests pass a map's lookup.
 * Called by the {@link DecisionVerifier} from the verifying thread, so it must be thread-safe.
 */
@FunctionalInterface
public interface ToolLookup {

    /** The tool named {@code name}, or empty when the catalog has none by that name. */
    Optional<VerifiableTool> find(String name);
}
