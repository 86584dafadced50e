package dev.sandstage.verify;

/**
 * Answers whether a decision id was executed before, so a replayed decision is refused. The
 * execution journal implements it; tests pass a set's {@code contains}. Called by the
 * {@link DecisionVerifier} from the verifying thread, so it must be thread-safe.
 */
@FunctionalInterface
public interface ReplayGuard {

    /** A guard that has seen nothing: for tools and tests that do not track replays. */
    ReplayGuard NONE = decisionId -> false;

    /** True when a decision with this id has already been executed (its FINISHED entry committed). */
    boolean seen(String decisionId);
}
