package dev.sandstage.pool;

import static dev.sandstage.pool.PoolFixture.config;
import static dev.sandstage.pool.PoolFixture.get;
import static dev.sandstage.pool.PoolFixture.python;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.pool.PoolEvent.SandboxCreateFailed;
import dev.sandstage.pool.PoolEvent.SandboxCreated;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a listener may rely on (see {@link PoolEventListener}): an event arrives before the state it
 * describes can be acted on. Each test holds a listener inside the delivery of one event and looks
 * at the pool meanwhile, so the order is checked without depending on how threads are scheduled.
 */
class SandboxPoolEventOrderTest {

    private final PoolFixture f = new PoolFixture();
    private final CountDownLatch delivering = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void closePool() {
        release.countDown();
        f.close();
    }

    @Test
    void aSandboxIsNeitherLeasedNorCountedWarmBeforeItsCreationIsDelivered() throws Exception {
        f.build(config(1, python(1, 1)));
        f.pool.addListener(holdOn(SandboxCreated.class));
        get(f.pool.start());
        assertThat(delivering.await(PoolFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        Future<SandboxLease> waiting = f.pool.acquire("python", Optional.empty());

        assertThat(waiting.isComplete()).as("leased while its SandboxCreated is being delivered").isFalse();
        assertThat(f.pool.warm().isComplete()).isFalse();
        assertThat(f.pool.snapshot().of("python").idle()).isZero();
        release.countDown();
        SandboxLease lease = get(waiting);
        assertThat(lease.sandbox().id()).isEqualTo(f.events(SandboxCreated.class).getFirst().sandboxId());
        f.pool.release(lease, ReleaseOutcome.REUSE);
        get(f.pool.warm());
    }

    @Test
    void aFailedCreateIsNotRetriedBeforeItsFailureIsDelivered() throws Exception {
        f.factory.failNextCreates.set(1);
        f.build(config(1, python(1, 1)));
        f.pool.addListener(holdOn(SandboxCreateFailed.class));
        get(f.pool.start());

        assertThat(delivering.await(PoolFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        // The retry (after a millisecond of backoff) is armed only once the failure is delivered.
        assertThat(f.factory.calls).filteredOn(c -> c.startsWith("create ")).hasSize(1);
        release.countDown();
        get(f.pool.warm());
        assertThat(f.factory.calls).filteredOn(c -> c.startsWith("create ")).hasSize(2);
    }

    /** A listener that, on the first event of {@code type}, says so and waits for {@link #release}. */
    private PoolEventListener holdOn(Class<? extends PoolEvent> type) {
        return event -> {
            if (type.isInstance(event) && delivering.getCount() > 0) {
                delivering.countDown();
                try {
                    release.await(PoolFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
