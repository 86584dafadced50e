package dev.sandstage.pool.internal;

import dev.sandstage.pool.PoolEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work decided under the pool lock but done after it is released: completing futures,
 * publishing events, handing blocking calls to the workers. Keeping callbacks out of the lock
 * means a caller's continuation can call back into the pool without deadlock and a slow listener
 * never holds up bookkeeping. One instance per pool entry point, used by one thread.
 */
final class Effects {

    private static final Logger LOG = LoggerFactory.getLogger(Effects.class);

    private final EventHub events;
    private final List<Runnable> actions = new ArrayList<>();

    Effects(EventHub events) {
        this.events = events;
    }

    void add(Runnable action) {
        actions.add(action);
    }

    void event(PoolEvent event) {
        actions.add(() -> events.publish(event));
    }

    void execute(Executor executor, Runnable task) {
        actions.add(() -> executor.execute(task));
    }

    /** Runs everything in order; one failing action does not stop the rest. Call without the lock. */
    void run() {
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("sandbox pool follow-up action failed", e);
            }
        }
        actions.clear();
    }
}
