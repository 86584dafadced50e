package dev.sandstage.consume.internal;

import dev.sandstage.schedule.ScheduledItem;

/**
 * A call that ended on an executor thread, queued for the consumer's thread. Immutable.
 *
 * @param item the scheduled record the call belongs to
 * @param outcome how the call ended
 */
public record Completion(ScheduledItem<PendingCall> item, CallOutcome outcome) {}
