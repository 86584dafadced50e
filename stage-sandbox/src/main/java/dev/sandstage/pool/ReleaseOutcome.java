package dev.sandstage.pool;

import java.util.Objects;

/**
 * What the caller tells {@link SandboxPool#release} about a sandbox after its call: it may be
 * reused (the pool recycles it first), or it misbehaved and must be destroyed, with the reason.
 * Immutable; any thread.
 */
public sealed interface ReleaseOutcome {

    /** The call ended normally; recycle and reuse the sandbox. */
    ReleaseOutcome REUSE = new Reuse();

    /** The sandbox misbehaved ({@code reason}); destroy it and create a replacement. */
    static ReleaseOutcome destroy(DestroyReason reason) {
        return new Destroy(reason);
    }

    /** See {@link #REUSE}. */
    record Reuse() implements ReleaseOutcome {}

    /** See {@link #destroy}. */
    record Destroy(DestroyReason reason) implements ReleaseOutcome {
        public Destroy {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
