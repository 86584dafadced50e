package dev.sandstage.pool.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's two kinds of threads: a fixed set of workers {@code sandstage-pool-1..N} for every
 * blocking container call, and one {@code sandstage-pool-sweeper} for periodic sweeps, acquire
 * deadlines and retry timers. Created by {@link WarmPool}; shut down when it reaches CLOSED.
 *
 * <p>The worker queue is a linked queue without a fixed bound on purpose: the pool never has more
 * than one operation in flight per sandbox plus one per sandbox being created, so its length is
 * bounded by the global cap, and rejecting a destroy would leak a container.
 */
final class PoolThreads {

    private static final Logger LOG = LoggerFactory.getLogger(PoolThreads.class);

    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor sweeper;

    PoolThreads(int workerThreads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory workerFactory = r -> daemon(r, "sandstage-pool-" + n.incrementAndGet());
        workers = new ThreadPoolExecutor(workerThreads, workerThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), workerFactory);
        // Idle workers exit so a quiet pool holds no threads; they come back on the next task.
        workers.allowCoreThreadTimeOut(true);
        sweeper = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "sandstage-pool-sweeper"));
        sweeper.setRemoveOnCancelPolicy(true);
        sweeper.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        sweeper.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    ThreadPoolExecutor workers() {
        return workers;
    }

    ScheduledThreadPoolExecutor sweeper() {
        return sweeper;
    }

    void shutdown() {
        workers.shutdown();
        sweeper.shutdown();
    }

    private static Thread daemon(Runnable r, String name) {
        // Daemon: close() is the contract for stopping; a forgotten pool must not keep the JVM alive.
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) -> LOG.error("unexpected failure on {}", thread.getName(), e));
        return t;
    }
}
