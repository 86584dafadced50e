package dev.sandstage.pool;

import static dev.sandstage.pool.PoolFixture.config;
import static dev.sandstage.pool.PoolFixture.eventually;
import static dev.sandstage.pool.PoolFixture.failureOf;
import static dev.sandstage.pool.PoolFixture.fake;
import static dev.sandstage.pool.PoolFixture.get;
import static dev.sandstage.pool.PoolFixture.python;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.pool.PoolEvent.SandboxCreated;
import dev.sandstage.pool.PoolEvent.SandboxDestroyed;
import io.vertx.core.Future;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One-off sandboxes: created for one call with tighter limits, leased once, destroyed, never pooled. */
class SandboxPoolOneOffTest {

    private static final ClassLimits TIGHT = new ClassLimits(96L << 20, 0.25, ClassLimits.DEFAULT.pids());

    private final PoolFixture f = new PoolFixture();

    @AfterEach
    void closePool() {
        f.close();
    }

    @Test
    void aOneOffSandboxIsCreatedWithTheTighterLimitsAndLeasedToItsCaller() {
        f.startWarm(config(3, python(1, 3)));

        SandboxLease lease = get(f.pool.acquireOneOff("python", TIGHT));

        FakeSandbox sandbox = fake(lease);
        assertThat(sandbox.request().limits()).isEqualTo(TIGHT);
        assertThat(sandbox.request().labels()).containsEntry(SandboxLabels.ONE_OFF, "true")
                .containsEntry(SandboxLabels.INSTANCE, PoolFixture.INSTANCE).containsEntry(SandboxLabels.CLASS, "python");
        assertThat(sandbox.id()).startsWith("python-once-");
        assertThat(lease.useNumber()).isEqualTo(1);
        assertThat(lease.className()).isEqualTo("python");
        assertThat(f.pool.snapshot().of("python")).extracting("idle", "busy").containsExactly(1, 1);
        assertThat(f.events(SandboxCreated.class)).extracting(SandboxCreated::sandboxId).contains(sandbox.id());
        f.pool.release(lease, ReleaseOutcome.REUSE);
    }

    @Test
    void releasingAOneOffSandboxDestroysItAndLeavesTheWarmOnesAlone() {
        f.startWarm(config(3, python(1, 3)));
        FakeSandbox warm = f.factory.created.getFirst();
        SandboxLease lease = get(f.pool.acquireOneOff("python", TIGHT));

        f.pool.release(lease, ReleaseOutcome.REUSE);

        // Events are delivered after the pool lock is released, so after the bookkeeping settled too.
        eventually(() -> assertThat(f.events(SandboxDestroyed.class)).singleElement()
                .satisfies(e -> assertThat(e.sandboxId()).isEqualTo(fake(lease).id()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(DestroyReason.ONE_OFF)));
        assertThat(fake(lease).destroyed).isTrue();
        f.awaitSettled();
        assertThat(fake(lease).recycles).hasValue(0);
        assertThat(warm.destroyed).isFalse();
        assertThat(f.pool.snapshot().of("python")).extracting("idle", "busy").containsExactly(1, 0);
    }

    @Test
    void aOneOffSandboxReleasedAfterAnOomIsDestroyedForThatReason() {
        f.startWarm(config(3, python(1, 3)));
        SandboxLease lease = get(f.pool.acquireOneOff("python", TIGHT));

        f.pool.release(lease, ReleaseOutcome.destroy(DestroyReason.OOM));

        eventually(() -> assertThat(f.events(SandboxDestroyed.class)).extracting(SandboxDestroyed::reason)
                .containsExactly(DestroyReason.OOM));
    }

    @Test
    void aOneOffSandboxIsCreatedEvenWhenTheClassIsFullAndNeverServesAWaiter() {
        f.startWarm(config(1, python(1, 1)));
        SandboxLease warm = f.acquireNow("python");
        SandboxLease oneOff = get(f.pool.acquireOneOff("python", TIGHT));
        Future<SandboxLease> waiting = f.pool.acquire("python", Optional.empty());

        f.pool.release(oneOff, ReleaseOutcome.REUSE);
        eventually(() -> assertThat(fake(oneOff).destroyed).isTrue());
        assertThat(waiting.isComplete()).isFalse();
        f.pool.release(warm, ReleaseOutcome.REUSE);

        assertThat(get(waiting).sandbox()).isSameAs(warm.sandbox());
        f.pool.release(waiting.result(), ReleaseOutcome.REUSE);
    }

    @Test
    void aFailedOneOffCreateFailsItsAcquireAndLeavesTheClassWithoutBackoff() {
        f.startWarm(config(3, python(1, 3)));
        f.factory.failNextCreates.set(1);

        assertThat(failureOf(f.pool.acquireOneOff("python", TIGHT))).hasMessageContaining("engine refused");

        f.awaitSettled();
        SandboxLease next = get(f.pool.acquireOneOff("python", TIGHT));
        assertThat(fake(next).request().oneOff()).isTrue();
        f.pool.release(next, ReleaseOutcome.REUSE);
    }

    @Test
    void closeDestroysAOneOffSandboxStillLeased() {
        f.startWarm(config(3, python(1, 3)));
        SandboxLease forgotten = get(f.pool.acquireOneOff("python", TIGHT));

        get(f.pool.close());

        assertThat(fake(forgotten).destroyed).isTrue();
        assertThat(f.factory.live()).isZero();
    }

    @Test
    void aOneOffAcquireFailsOnAPoolThatIsNotRunningOrForAnUnknownClass() {
        f.build(config(3, python(1, 3)));
        assertThat(failureOf(f.pool.acquireOneOff("python", TIGHT))).isInstanceOf(PoolClosedException.class);
        get(f.pool.start());

        assertThat(failureOf(f.pool.acquireOneOff("ruby", TIGHT))).isInstanceOf(SandstageFatalException.class);
        assertThatThrownBy(() -> f.pool.acquireOneOff("python", new ClassLimits(1L << 30, 0.25, 8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above class python");
    }
}
