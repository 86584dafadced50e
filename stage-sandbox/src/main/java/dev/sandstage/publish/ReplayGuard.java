package dev.sandstage.publish;

/**
 * Answers whether a decision id was executed before, so the verifier can reject replays.
 * Implementations are safe to call from the consumer's owning thread while the journal updates
 * them. Local stand-in for the verifier's interface until the two branches merge.
 */
@FunctionalInterface
public interface ReplayGuard {

    /** True when the decision was started or finished before, as far as the guard remembers. */
    boolean seen(String decisionId);
}
