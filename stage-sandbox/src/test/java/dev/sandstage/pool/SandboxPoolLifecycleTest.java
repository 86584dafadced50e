package dev.sandstage.pool;

import static dev.sandstage.pool.PoolFixture.INSTANCE;
import static dev.sandstage.pool.PoolFixture.config;
import static dev.sandstage.pool.PoolFixture.eventually;
import static dev.sandstage.pool.PoolFixture.failureOf;
import static dev.sandstage.pool.PoolFixture.fake;
import static dev.sandstage.pool.PoolFixture.get;
import static dev.sandstage.pool.PoolFixture.python;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstage.error.SandstageRetriableException;
import dev.sandstage.pool.PoolEvent.AcquireOutcome;
import dev.sandstage.pool.PoolEvent.AcquireWaited;
import dev.sandstage.pool.PoolEvent.OrphansRemoved;
import dev.sandstage.pool.PoolEvent.SandboxDestroyed;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxPoolLifecycleTest {

    private final PoolFixture f = new PoolFixture();

    @AfterEach
    void closePool() {
        f.close();
    }

    @Test
    void startRemovesThisInstancesOrphansBeforeCreatingAnything() {
        f.factory.orphansToReport = 2;

        f.startWarm(config(2, python(2, 2)));

        assertThat(f.factory.calls.getFirst()).isEqualTo("removeOrphans " + INSTANCE);
        assertThat(f.factory.calls).hasSize(3);
        assertThat(f.events(OrphansRemoved.class)).singleElement()
                .satisfies(e -> assertThat(e.count()).isEqualTo(2))
                .satisfies(e -> assertThat(e.instanceId()).isEqualTo(INSTANCE));
        assertThat(f.factory.created).allSatisfy(s -> assertThat(s.request().labels())
                .containsEntry(SandboxLabels.INSTANCE, INSTANCE).containsEntry(SandboxLabels.CLASS, "python"));
    }

    @Test
    void startFailsAndThePoolClosesWhenOrphanRemovalFails() {
        f.factory.orphanFailure = new IllegalStateException("engine unreachable");
        f.build(config(2, python(1, 2)));

        Throwable error = failureOf(f.pool.start());

        assertThat(error).isInstanceOf(SandstageRetriableException.class)
                .hasMessageContaining("cannot remove orphaned sandbox containers").hasMessageContaining(INSTANCE);
        eventually(() -> assertThat(f.pool.state()).isEqualTo(PoolState.CLOSED));
        assertThat(failureOf(f.pool.warm())).isInstanceOf(PoolClosedException.class);
        assertThat(f.factory.created).isEmpty();
    }

    @Test
    void stateMovesFromNewThroughRunningToClosed() {
        f.build(config(1, python(1, 1)));
        assertThat(f.pool.state()).isEqualTo(PoolState.NEW);

        get(f.pool.start());
        assertThat(f.pool.state()).isEqualTo(PoolState.RUNNING);
        assertThat(failureOf(f.pool.start())).isInstanceOf(IllegalStateException.class);
        get(f.pool.close());

        assertThat(f.pool.state()).isEqualTo(PoolState.CLOSED);
    }

    @Test
    void lifecycleRejectsMovesOutOfOrder() {
        assertThat(PoolState.NEW.canMoveTo(PoolState.RUNNING)).isFalse();
        assertThat(PoolState.CLOSED.next()).isEmpty();
        assertThatThrownBy(() -> PoolState.RUNNING.moveTo(PoolState.STARTING))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("RUNNING to STARTING");
    }

    @Test
    void closeFailsWaitersDestroysIdleAndReleasedSandboxesAndSweepsOrphans() {
        PoolConfig config = config(2, python(2, 2));
        // A grace longer than the test: the 200 ms of the fixture ran out under load before the
        // releases below, revoking the leases and closing the pool while the test expected CLOSING.
        f.startWarm(config.withTuning(config.tuning().withCloseGrace(Duration.ofHours(1))));
        SandboxLease first = f.acquireNow("python");
        SandboxLease second = f.acquireNow("python");
        Future<SandboxLease> waiting = f.pool.acquire("python", Optional.empty());

        Future<Void> closed = f.pool.close();
        assertThat(failureOf(waiting)).isInstanceOf(PoolClosedException.class).hasMessageContaining("closing");
        assertThat(f.pool.state()).isEqualTo(PoolState.CLOSING);
        assertThat(closed.isComplete()).isFalse();
        f.pool.release(first, ReleaseOutcome.REUSE);
        f.pool.release(second, ReleaseOutcome.REUSE);
        get(closed);

        assertThat(f.pool.state()).isEqualTo(PoolState.CLOSED);
        assertThat(f.factory.live()).isZero();
        assertThat(f.factory.calls.getLast()).isEqualTo("removeOrphans " + INSTANCE);
        assertThat(f.events(SandboxDestroyed.class)).extracting(SandboxDestroyed::reason)
                .containsOnly(DestroyReason.SHUTDOWN);
        assertThat(f.events(AcquireWaited.class)).extracting(AcquireWaited::outcome).contains(AcquireOutcome.CLOSED);
        assertThat(failureOf(f.pool.acquire("python", Optional.empty()))).isInstanceOf(PoolClosedException.class);
    }

    @Test
    void closeDestroysSandboxesStillLeasedAfterTheGracePeriod() {
        f.startWarm(config(1, python(1, 1)));
        SandboxLease forgotten = f.acquireNow("python");

        get(f.pool.close());

        assertThat(fake(forgotten).destroyed).isTrue();
        assertThat(f.factory.live()).isZero();
        // The late release of a revoked lease is harmless.
        f.pool.release(forgotten, ReleaseOutcome.REUSE);
    }

    @Test
    void sandboxCreatedWhileClosingIsDestroyedAtOnce() {
        f.factory.gate = new CountDownLatch(1);
        f.build(config(1, python(1, 1)));
        get(f.pool.start());
        eventually(() -> assertThat(f.pool.snapshot().of("python").creating()).isEqualTo(1));

        Future<Void> closed = f.pool.close();
        f.factory.gate.countDown();
        get(closed);

        assertThat(f.factory.created).singleElement().satisfies(s -> assertThat(s.destroyed).isTrue());
        assertThat(failureOf(f.pool.warm())).isInstanceOf(PoolClosedException.class);
    }

    @Test
    void snapshotCountsIdleBusyCreatingAndPinnedPerClass() {
        f.startWarm(config(5, python(2, 5)));
        f.factory.gate = new CountDownLatch(1);
        SandboxLease busy = f.acquireNow("python");
        SandboxLease pinned = f.acquireNow("python", "session-a");
        f.pool.release(pinned, ReleaseOutcome.REUSE);

        eventually(() -> assertThat(f.pool.snapshot().of("python"))
                .extracting("idle", "pinned", "busy", "creating", "sessions", "waiting")
                .containsExactly(0, 1, 1, 2, 1, 0));
        assertThat(f.pool.snapshot().total()).isEqualTo(4);
        f.factory.gate.countDown();
        eventually(() -> assertThat(f.pool.snapshot().of("python").idle()).isEqualTo(2));
        f.pool.release(busy, ReleaseOutcome.REUSE);
    }

    @Test
    void releasingALeaseTwiceIsRejected() {
        f.startWarm(config(1, python(1, 1)));
        SandboxLease lease = f.acquireNow("python");
        f.pool.release(lease, ReleaseOutcome.REUSE);

        assertThatThrownBy(() -> f.pool.release(lease, ReleaseOutcome.REUSE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already released");
    }

    @Test
    void failingListenerDoesNotStopThePoolOrOtherListeners() {
        f.build(config(1, python(1, 1)));
        f.pool.addListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        get(f.pool.start());
        get(f.pool.warm());

        assertThat(f.events).isNotEmpty();
        assertThat(f.acquireNow("python")).isNotNull();
        assertThat(Map.of("state", f.pool.state())).containsEntry("state", PoolState.RUNNING);
    }
}
