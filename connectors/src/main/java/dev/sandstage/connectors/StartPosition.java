package dev.sandstage.connectors;

/**
 * Where a {@link ResultSubscriber} or {@link AuditSubscriber} starts reading: every retained event
 * or only events written after it opened. Immutable; any thread.
 */
public enum StartPosition {
    /** The oldest retained offset of every partition. */
    BEGINNING,
    /** The end of every partition at the time the subscriber opens. */
    LATEST
}
