package dev.sandstage.pool;

import static dev.sandstage.pool.PoolFixture.config;
import static dev.sandstage.pool.PoolFixture.eventually;
import static dev.sandstage.pool.PoolFixture.failureOf;
import static dev.sandstage.pool.PoolFixture.fake;
import static dev.sandstage.pool.PoolFixture.get;
import static dev.sandstage.pool.PoolFixture.python;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.pool.PoolEvent.SandboxCreateFailed;
import dev.sandstage.pool.PoolEvent.SandboxCreated;
import dev.sandstage.pool.PoolEvent.SandboxDestroyed;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SandboxPoolRetirementTest {

    private final PoolFixture f = new PoolFixture();

    @AfterEach
    void closePool() {
        f.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DestroyReason.class, names = {"TIMED_OUT", "OOM", "AGENT_LOST", "DIED"})
    void sandboxReleasedAsBrokenIsDestroyedAndReplacedNotReused(DestroyReason reason) {
        f.startWarm(config(2, python(1, 2)));
        SandboxLease lease = f.acquireNow("python");

        f.pool.release(lease, ReleaseOutcome.destroy(reason));

        eventually(() -> assertThat(f.events(SandboxDestroyed.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(reason))
                .satisfies(e -> assertThat(e.sandboxId()).isEqualTo(lease.sandbox().id()))
                .satisfies(e -> assertThat(e.uses()).isEqualTo(1)));
        assertThat(fake(lease).destroyed).isTrue();
        assertThat(fake(lease).recycles).hasValue(0);
        eventually(() -> assertThat(f.pool.snapshot().of("python").idle()).isEqualTo(1));
        assertThat(f.acquireNow("python").sandbox()).isNotSameAs(lease.sandbox());
    }

    @Test
    void reusedSandboxIsRecycledOnAPoolThreadBeforeItIsHandedOutAgain() {
        f.startWarm(config(1, python(1, 1)));
        SandboxLease first = f.acquireNow("python");

        f.pool.release(first, ReleaseOutcome.REUSE);
        SandboxLease second = f.acquireNow("python");

        assertThat(second.sandbox()).isSameAs(first.sandbox());
        assertThat(fake(second).recycles).hasValue(1);
        assertThat(fake(second).callerThreads).singleElement().asString().matches("sandstage-pool-\\d+");
    }

    @Test
    void sandboxIsRetiredAfterMaxUses() {
        f.startWarm(config(1, python(1, 1).withMaxUses(2)));
        SandboxLease first = f.acquireNow("python");
        f.pool.release(first, ReleaseOutcome.REUSE);
        SandboxLease second = f.acquireNow("python");
        assertThat(second.sandbox()).isSameAs(first.sandbox());

        f.pool.release(second, ReleaseOutcome.REUSE);

        eventually(() -> assertThat(f.events(SandboxDestroyed.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(DestroyReason.MAX_USES))
                .satisfies(e -> assertThat(e.uses()).isEqualTo(2)));
        SandboxLease third = f.acquireNow("python");
        assertThat(third.sandbox()).isNotSameAs(first.sandbox());
        assertThat(third.useNumber()).isEqualTo(1);
    }

    @Test
    void sandboxWhoseRecycleFailsIsDestroyedAndReplaced() {
        f.startWarm(config(1, python(1, 1)));
        SandboxLease lease = f.acquireNow("python");
        fake(lease).recycleWorks = false;
        Future<SandboxLease> waiting = f.pool.acquire("python", Optional.empty());

        f.pool.release(lease, ReleaseOutcome.REUSE);

        SandboxLease replacement = get(waiting);
        assertThat(replacement.sandbox()).isNotSameAs(lease.sandbox());
        assertThat(f.events(SandboxDestroyed.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(DestroyReason.RECYCLE_FAILED));
    }

    @Test
    void idleSandboxesPastTheirIdleTtlAreDestroyedAndReplaced() {
        f.startWarm(config(2, python(1, 2).withIdleTtl(Duration.ofMinutes(10))));
        FakeSandbox original = f.factory.created.getFirst();

        f.clock.advance(Duration.ofMinutes(9));
        f.sweep();
        f.awaitSettled();
        assertThat(original.destroyed).isFalse();
        f.clock.advance(Duration.ofMinutes(1));
        f.sweep();

        eventually(() -> assertThat(f.events(SandboxDestroyed.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(DestroyReason.IDLE_TTL))
                .satisfies(e -> assertThat(e.lifetime()).isEqualTo(Duration.ofMinutes(10))));
        eventually(() -> assertThat(f.factory.alive()).singleElement().isNotSameAs(original));
        // The factory returns the replacement before the pool books it as idle on its worker.
        eventually(() -> assertThat(f.pool.snapshot().of("python").idle()).isEqualTo(1));
    }

    @Test
    void periodicSweepFollowsTheClockWithoutBeingCalled() {
        PoolConfig config = config(2, python(1, 2).withIdleTtl(Duration.ofMinutes(1)));
        f.startWarm(config.withTuning(config.tuning().withSweepInterval(Duration.ofMillis(5))));

        f.clock.advance(Duration.ofMinutes(1));

        eventually(() -> assertThat(f.events(SandboxDestroyed.class)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.reason()).isEqualTo(DestroyReason.IDLE_TTL)));
    }

    @Test
    void idleSandboxThatFailsItsHealthCheckIsDestroyedAndReplaced() {
        f.startWarm(config(2, python(1, 2)));
        FakeSandbox sick = f.factory.created.getFirst();
        sick.healthy = false;

        f.clock.advance(Duration.ofMinutes(1));
        f.sweep();

        eventually(() -> assertThat(f.events(SandboxDestroyed.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(DestroyReason.UNHEALTHY)));
        eventually(() -> assertThat(f.pool.snapshot().of("python").idle()).isEqualTo(1));
        assertThat(sick.pings).hasValue(1);
        assertThat(f.factory.alive()).singleElement().isNotSameAs(sick);
    }

    @Test
    void healthySandboxesArePingedAndStayIdle() {
        f.startWarm(config(2, python(2, 2)));

        f.clock.advance(Duration.ofMinutes(1));
        f.sweep();

        eventually(() -> assertThat(f.factory.created).allSatisfy(s -> assertThat(s.pings).hasValue(1)));
        eventually(() -> assertThat(f.pool.snapshot().of("python").idle()).isEqualTo(2));
        assertThat(f.events(SandboxDestroyed.class)).isEmpty();
    }

    @Test
    void failingCreatesAreRetriedWithBackoffAndDoNotWedgeThePool() {
        f.factory.failNextCreates.set(3);
        f.build(config(1, python(1, 1)));

        get(f.pool.start());
        get(f.pool.warm());

        assertThat(f.events(SandboxCreateFailed.class)).extracting(SandboxCreateFailed::consecutiveFailures)
                .containsExactly(1, 2, 3);
        assertThat(f.events(SandboxCreateFailed.class)).extracting(SandboxCreateFailed::retryIn)
                .containsExactly(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(4));
        assertThat(f.events(SandboxCreateFailed.class).getFirst().error()).contains("engine refused");
        assertThat(f.events(SandboxCreated.class)).hasSize(1);
        assertThat(f.acquireNow("python")).isNotNull();
    }

    @Test
    void waiterOfAClassWhoseCreatesKeepFailingGetsPoolExhaustedWithTheCreateError() {
        f.factory.failNextCreates.set(Integer.MAX_VALUE);
        f.build(config(1, python(0, 1)));
        get(f.pool.start());

        // Minutes: the deadline's real-time timer must not fire before a create failed under load.
        Future<SandboxLease> waiting = f.pool.acquire("python", Optional.empty(), Duration.ofMinutes(2));
        eventually(() -> assertThat(f.events(SandboxCreateFailed.class)).hasSizeGreaterThan(1));
        f.clock.advance(Duration.ofMinutes(2));
        f.sweep();

        assertThat(failureOf(waiting)).isInstanceOf(PoolExhaustedException.class)
                .hasMessageContaining("lastCreateError=engine refused to create python-");
    }
}
