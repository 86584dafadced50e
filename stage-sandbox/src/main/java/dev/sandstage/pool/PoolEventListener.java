package dev.sandstage.pool;

/**
 * Receives the {@link SandboxPool}'s {@link PoolEvent}s, e.g. to publish audit events or update
 * metrics. Registered with {@link SandboxPool#addListener}.
 *
 * <p>Threads: called on whichever pool thread caused the event (a worker
 * {@code sandstage-pool-N}, the {@code sandstage-pool-sweeper}, or the thread that called
 * acquire), never under the pool's lock, possibly concurrently. Must be thread-safe and must not
 * block: hand the event to your own queue. Exceptions are logged and ignored.
 *
 * <p>Order: a sandbox's {@link PoolEvent.SandboxCreated} arrives before anything else about it (its
 * lease, its {@link PoolEvent.SandboxDestroyed}) and before {@link SandboxPool#warm()} completes on
 * its account; one class's {@link PoolEvent.SandboxCreateFailed} events arrive in order, each before
 * its retry starts. Events about different sandboxes may arrive in any order, and an event may
 * arrive shortly after the state it describes shows in {@link SandboxPool#snapshot()}.
 */
@FunctionalInterface
public interface PoolEventListener {

    void onEvent(PoolEvent event);
}
