package dev.sandstage.pool.internal;

import dev.sandstage.pool.PoolEvent;
import dev.sandstage.pool.PoolEventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers {@link PoolEvent}s to the registered listeners, in registration order, on the calling
 * thread. Any thread may add listeners or publish; {@link Effects} publishes outside the pool lock.
 */
final class EventHub {

    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

    private final List<PoolEventListener> listeners = new CopyOnWriteArrayList<>();

    void add(PoolEventListener listener) {
        listeners.add(listener);
    }

    void publish(PoolEvent event) {
        LOG.debug("{}", event);
        for (PoolEventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                // A broken listener must not break the pool or starve the other listeners.
                LOG.warn("pool event listener {} failed on {}", listener, event, e);
            }
        }
    }
}
