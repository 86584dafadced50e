package dev.sandstage.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sandstage.pool.internal.WarmPool;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.core.ThrowingRunnable;

/**
 * One pool under test over a {@link FakeSandboxFactory} and a {@link TestClock}, with every event
 * recorded. Sweeps run only when a test calls {@link #sweep()} (the periodic interval is an hour),
 * so time moves only when the test moves the clock.
 */
final class PoolFixture implements AutoCloseable {

    static final String INSTANCE = "stage-test";
    static final Duration WAIT = Duration.ofSeconds(10);

    final TestClock clock = new TestClock();
    final FakeSandboxFactory factory = new FakeSandboxFactory();
    final List<PoolEvent> events = new CopyOnWriteArrayList<>();
    WarmPool pool;

    static PoolTuning fastTuning() {
        return PoolTuning.defaults().withSweepInterval(Duration.ofHours(1)).withHealthCheckInterval(Duration.ofMinutes(1))
                .withCreateBackoff(Duration.ofMillis(1), Duration.ofMillis(20)).withCloseGrace(Duration.ofMillis(200));
    }

    static PoolConfig config(int globalMax, SandboxClass... classes) {
        return new PoolConfig(INSTANCE, List.of(classes), globalMax, Duration.ofHours(1), fastTuning());
    }

    static SandboxClass python(int minIdle, int max) {
        return SandboxClass.of("python", "sandstage/base:bookworm", minIdle, max).withMaxUses(100);
    }

    PoolFixture build(PoolConfig config) {
        pool = new WarmPool(config, factory, clock);
        pool.addListener(events::add);
        return this;
    }

    /** Builds, starts, and waits until every class is warm. */
    PoolFixture startWarm(PoolConfig config) {
        build(config);
        get(pool.start());
        get(pool.warm());
        return this;
    }

    SandboxLease acquireNow(String className) {
        Future<SandboxLease> f = pool.acquire(className, Optional.empty());
        return get(f);
    }

    SandboxLease acquireNow(String className, String session) {
        return get(pool.acquire(className, Optional.of(session)));
    }

    void sweep() {
        pool.sweepNow();
    }

    /** Waits until no sandbox is being created, recycled, reset, checked or destroyed. */
    void awaitSettled() {
        eventually(() -> assertThat(pool.snapshot().classes()).allSatisfy(c -> assertThat(c)
                .extracting("creating", "checking", "destroying").containsOnly(0)));
    }

    static FakeSandbox fake(SandboxLease lease) {
        return (FakeSandbox) lease.sandbox();
    }

    static <T> T get(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("future failed", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("future did not complete within " + WAIT, e);
        }
    }

    static Throwable failureOf(Future<?> future) {
        await().atMost(WAIT).until(future::isComplete);
        if (future.succeeded()) {
            throw new AssertionError("expected a failure but got " + future.result());
        }
        return future.cause();
    }

    static void eventually(ThrowingRunnable assertion) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).untilAsserted(assertion);
    }

    <T extends PoolEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() {
        if (pool != null && pool.state() != PoolState.CLOSED) {
            get(pool.close());
        }
    }
}
