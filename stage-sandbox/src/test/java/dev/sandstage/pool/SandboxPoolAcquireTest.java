package dev.sandstage.pool;

import static dev.sandstage.pool.PoolFixture.config;
import static dev.sandstage.pool.PoolFixture.eventually;
import static dev.sandstage.pool.PoolFixture.failureOf;
import static dev.sandstage.pool.PoolFixture.get;
import static dev.sandstage.pool.PoolFixture.python;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.pool.PoolEvent.AcquireOutcome;
import dev.sandstage.pool.PoolEvent.AcquireWaited;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxPoolAcquireTest {

    private final PoolFixture f = new PoolFixture();

    @AfterEach
    void closePool() {
        f.close();
    }

    @Test
    void acquireReturnsAnIdleSandboxAtOnceWhenTheClassIsWarm() {
        f.startWarm(config(4, python(2, 4)));

        Future<SandboxLease> lease = f.pool.acquire("python", Optional.empty());

        assertThat(lease.succeeded()).isTrue();
        assertThat(lease.result().className()).isEqualTo("python");
        assertThat(lease.result().useNumber()).isEqualTo(1);
        assertThat(f.events(AcquireWaited.class)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(AcquireOutcome.IMMEDIATE));
    }

    @Test
    void warmPoolHasMinIdleSandboxesCreatedOnPoolThreads() {
        f.startWarm(config(4, python(3, 4)));

        assertThat(f.pool.snapshot().of("python").idle()).isEqualTo(3);
        assertThat(f.pool.snapshot().warm()).isTrue();
        assertThat(f.factory.createThreads).hasSize(3).allMatch(name -> name.matches("sandstage-pool-\\d+"));
    }

    @Test
    void minIdleIsReplenishedInTheBackgroundAfterAnAcquire() {
        f.startWarm(config(5, python(2, 5)));

        SandboxLease lease = f.acquireNow("python");

        eventually(() -> assertThat(f.pool.snapshot().of("python").idle()).isEqualTo(2));
        assertThat(f.pool.snapshot().of("python").busy()).isEqualTo(1);
        assertThat(f.factory.created).hasSize(3);
        assertThat(f.factory.createThreads).noneMatch(name -> name.equals(Thread.currentThread().getName()));
        f.pool.release(lease, ReleaseOutcome.REUSE);
    }

    @Test
    void acquireWaitsWhileAllAreBusyAndIsServedWhenOneIsReleased() {
        f.startWarm(config(1, python(1, 1)));
        SandboxLease first = f.acquireNow("python");

        Future<SandboxLease> second = f.pool.acquire("python", Optional.empty());
        assertThat(second.isComplete()).isFalse();
        f.clock.advance(Duration.ofMillis(700));
        f.pool.release(first, ReleaseOutcome.REUSE);

        SandboxLease served = get(second);
        assertThat(served.sandbox()).isSameAs(first.sandbox());
        assertThat(served.useNumber()).isEqualTo(2);
        assertThat(served.waited()).isEqualTo(Duration.ofMillis(700));
        assertThat(f.events(AcquireWaited.class)).last()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(AcquireOutcome.SERVED))
                .satisfies(e -> assertThat(e.waited()).isEqualTo(Duration.ofMillis(700)));
    }

    @Test
    void waitingAcquiresAreServedFirstComeFirstServed() {
        f.startWarm(config(1, python(1, 1)));
        SandboxLease held = f.acquireNow("python");
        Future<SandboxLease> a = f.pool.acquire("python", Optional.empty());
        Future<SandboxLease> b = f.pool.acquire("python", Optional.empty());
        Future<SandboxLease> c = f.pool.acquire("python", Optional.empty());

        f.pool.release(held, ReleaseOutcome.REUSE);
        SandboxLease leaseA = get(a);
        assertThat(b.isComplete()).isFalse();
        assertThat(c.isComplete()).isFalse();
        f.pool.release(leaseA, ReleaseOutcome.REUSE);
        SandboxLease leaseB = get(b);
        assertThat(c.isComplete()).isFalse();
        f.pool.release(leaseB, ReleaseOutcome.REUSE);
        f.pool.release(get(c), ReleaseOutcome.REUSE);
    }

    @Test
    void acquireFailsWithPoolExhaustedWhenTheClockPassesTheDeadline() {
        f.startWarm(config(1, python(1, 1)));
        SandboxLease held = f.acquireNow("python");

        // The deadline also arms a real-time timer: minutes, so that only the test clock can reach it.
        Future<SandboxLease> waiting = f.pool.acquire("python", Optional.of("s-1"), Duration.ofMinutes(3));
        f.clock.advance(Duration.ofMinutes(3));
        f.sweep();

        Throwable error = failureOf(waiting);
        assertThat(error).isInstanceOf(PoolExhaustedException.class)
                .hasMessageContaining("no sandbox of class 'python' became free within PT3M")
                .hasMessageContaining("idle=0").hasMessageContaining("busy=1").hasMessageContaining("creating=0")
                .hasMessageContaining("classMax=1").hasMessageContaining("globalMax=1");
        PoolExhaustedException exhausted = (PoolExhaustedException) error;
        assertThat(exhausted.retriable()).isTrue();
        assertThat(exhausted.waited()).isEqualTo(Duration.ofMinutes(3));
        assertThat(exhausted.context()).containsEntry("class", "python").containsEntry("session", "s-1");
        assertThat(f.events(AcquireWaited.class)).last()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(AcquireOutcome.EXHAUSTED));
        f.pool.release(held, ReleaseOutcome.REUSE);
        assertThat(f.pool.snapshot().of("python").waiting()).isZero();
    }

    @Test
    void acquireNeverHangsPastItsDeadlineEvenWithoutASweep() {
        f.startWarm(config(1, python(0, 1)));
        SandboxLease held = f.acquireNow("python");

        Future<SandboxLease> waiting = f.pool.acquire("python", Optional.empty(), Duration.ofMillis(50));

        assertThat(failureOf(waiting)).isInstanceOf(PoolExhaustedException.class);
        f.pool.release(held, ReleaseOutcome.REUSE);
    }

    @Test
    void classMaxIsNeverExceeded() {
        f.startWarm(config(10, python(0, 2)));

        Future<SandboxLease> a = f.pool.acquire("python", Optional.empty());
        Future<SandboxLease> b = f.pool.acquire("python", Optional.empty());
        Future<SandboxLease> c = f.pool.acquire("python", Optional.empty());

        eventually(() -> assertThat(a.succeeded() && b.succeeded()).isTrue());
        assertThat(c.isComplete()).isFalse();
        assertThat(f.factory.created).hasSize(2);
        assertThat(f.pool.snapshot().of("python").waiting()).isEqualTo(1);
        f.pool.release(a.result(), ReleaseOutcome.REUSE);
        assertThat(get(c).sandbox()).isSameAs(a.result().sandbox());
    }

    @Test
    void globalCapIsRespectedAcrossClasses() {
        SandboxClass node = SandboxClass.of("node", "sandstage/base:bookworm", 0, 3).withMaxUses(100);
        f.startWarm(config(3, python(0, 3), node));

        SandboxLease p1 = f.acquireNow("python");
        SandboxLease p2 = f.acquireNow("python");
        SandboxLease n1 = f.acquireNow("node");
        Future<SandboxLease> n2 = f.pool.acquire("node", Optional.empty());

        eventually(() -> assertThat(f.pool.snapshot().of("node").waiting()).isEqualTo(1));
        assertThat(f.pool.snapshot().total()).isEqualTo(3);
        assertThat(f.factory.peakLive.get()).isEqualTo(3);
        // A python sandbox freed while node waits at the global cap is evicted to make room for node.
        f.pool.release(p1, ReleaseOutcome.REUSE);
        SandboxLease served = get(n2);

        assertThat(served.className()).isEqualTo("node");
        assertThat(f.events(PoolEvent.SandboxDestroyed.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(DestroyReason.EVICTED));
        assertThat(f.factory.peakLive.get()).isEqualTo(3);
        f.pool.release(p2, ReleaseOutcome.REUSE);
        f.pool.release(n1, ReleaseOutcome.REUSE);
        f.pool.release(served, ReleaseOutcome.REUSE);
    }

    @Test
    void acquireOfAnUnknownClassFailsNamingTheKnownOnes() {
        f.startWarm(config(2, python(0, 2)));

        Throwable error = failureOf(f.pool.acquire("ruby", Optional.empty()));

        assertThat(error).isInstanceOf(SandstageFatalException.class)
                .hasMessageContaining("unknown sandbox class").hasMessageContaining("class=ruby")
                .hasMessageContaining("known=[python]");
    }

    @Test
    void acquireBeforeStartFailsWithPoolClosed() {
        f.build(config(2, python(0, 2)));

        assertThat(failureOf(f.pool.acquire("python", Optional.empty()))).isInstanceOf(PoolClosedException.class)
                .hasMessageContaining("NEW");
    }
}
