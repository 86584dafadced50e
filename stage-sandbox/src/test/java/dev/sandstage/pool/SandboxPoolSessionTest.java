package dev.sandstage.pool;

import static dev.sandstage.pool.PoolFixture.config;
import static dev.sandstage.pool.PoolFixture.eventually;
import static dev.sandstage.pool.PoolFixture.fake;
import static dev.sandstage.pool.PoolFixture.get;
import static dev.sandstage.pool.PoolFixture.python;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.pool.PoolEvent.SandboxDestroyed;
import dev.sandstage.pool.PoolEvent.SessionUnpinned;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxPoolSessionTest {

    private static final Duration SESSION_IDLE = Duration.ofMinutes(5);

    private final PoolFixture f = new PoolFixture();

    @AfterEach
    void closePool() {
        f.close();
    }

    private static SandboxClass sessions(int minIdle, int max) {
        return python(minIdle, max).withSessionIdleTimeout(SESSION_IDLE);
    }

    @Test
    void sessionGetsTheSameSandboxOnEveryCallAndItsWorkspaceSurvives() {
        f.startWarm(config(3, sessions(3, 3)));
        SandboxLease first = f.acquireNow("python", "session-a");
        fake(first).workspace.add("notes.txt");
        f.pool.release(first, ReleaseOutcome.REUSE);

        SandboxLease second = f.acquireNow("python", "session-a");

        assertThat(second.sandbox()).isSameAs(first.sandbox());
        assertThat(second.sessionId()).contains("session-a");
        assertThat(fake(second).workspace).containsExactly("notes.txt");
        assertThat(f.pool.snapshot().of("python").sessions()).isEqualTo(1);
    }

    @Test
    void busySessionMakesItsNextCallWaitForItsOwnSandboxEvenWhenOthersAreIdle() {
        f.startWarm(config(3, sessions(2, 3)));
        SandboxLease first = f.acquireNow("python", "session-a");

        Future<SandboxLease> next = f.pool.acquire("python", Optional.of("session-a"));
        assertThat(next.isComplete()).isFalse();
        assertThat(f.pool.snapshot().of("python").idle()).isGreaterThanOrEqualTo(1);
        f.pool.release(first, ReleaseOutcome.REUSE);

        assertThat(get(next).sandbox()).isSameAs(first.sandbox());
    }

    @Test
    void pinnedSandboxIsNotHandedToOtherCallers() {
        f.startWarm(config(1, sessions(1, 1)));
        SandboxLease pinned = f.acquireNow("python", "session-a");
        f.pool.release(pinned, ReleaseOutcome.REUSE);
        f.awaitSettled();

        Future<SandboxLease> other = f.pool.acquire("python", Optional.of("session-b"));
        Future<SandboxLease> anonymous = f.pool.acquire("python", Optional.empty());

        eventually(() -> assertThat(f.pool.snapshot().of("python").pinned()).isEqualTo(1));
        assertThat(other.isComplete()).isFalse();
        assertThat(anonymous.isComplete()).isFalse();
        assertThat(f.pool.snapshot().of("python").waiting()).isEqualTo(2);
    }

    @Test
    void sessionIdleForItsTimeoutIsUnpinnedAndItsSandboxResetBeforeOthersGetIt() {
        f.startWarm(config(1, sessions(1, 1)));
        SandboxLease pinned = f.acquireNow("python", "session-a");
        fake(pinned).workspace.add("secret.txt");
        f.pool.release(pinned, ReleaseOutcome.REUSE);
        f.awaitSettled();
        Future<SandboxLease> other = f.pool.acquire("python", Optional.of("session-b"));

        f.clock.advance(SESSION_IDLE.minusSeconds(1));
        f.sweep();
        f.awaitSettled();
        assertThat(other.isComplete()).isFalse();
        f.clock.advance(Duration.ofSeconds(1));
        f.sweep();

        SandboxLease served = get(other);
        assertThat(served.sandbox()).isSameAs(pinned.sandbox());
        assertThat(fake(served).resets).hasValue(1);
        assertThat(fake(served).workspace).isEmpty();
        assertThat(f.events(SessionUnpinned.class)).singleElement()
                .satisfies(e -> assertThat(e.sessionId()).isEqualTo("session-a"))
                .satisfies(e -> assertThat(e.idleFor()).isEqualTo(SESSION_IDLE));
    }

    @Test
    void endedSessionStartsOverOnAFreshlyResetSandbox() {
        f.startWarm(config(2, sessions(1, 2)));
        SandboxLease first = f.acquireNow("python", "session-a");
        fake(first).workspace.add("old.txt");
        f.pool.release(first, ReleaseOutcome.REUSE);
        f.awaitSettled();

        f.clock.advance(SESSION_IDLE);
        f.sweep();
        eventually(() -> assertThat(f.pool.snapshot().of("python").sessions()).isZero());
        // The reset sandbox joins the one created to keep min-idle while it was pinned.
        eventually(() -> assertThat(f.pool.snapshot().of("python").idle()).isEqualTo(2));
        SandboxLease again = f.acquireNow("python", "session-a");

        assertThat(fake(again).workspace).isEmpty();
        assertThat(f.pool.snapshot().of("python").sessions()).isEqualTo(1);
    }

    @Test
    void sandboxWhoseResetFailsAfterItsSessionEndsIsDestroyedAndReplaced() {
        f.startWarm(config(1, sessions(1, 1)));
        SandboxLease pinned = f.acquireNow("python", "session-a");
        fake(pinned).resetWorks = false;
        f.pool.release(pinned, ReleaseOutcome.REUSE);
        f.awaitSettled();

        f.clock.advance(SESSION_IDLE);
        f.sweep();

        eventually(() -> assertThat(f.events(SandboxDestroyed.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(DestroyReason.RESET_FAILED)));
        eventually(() -> assertThat(f.pool.snapshot().of("python").idle()).isEqualTo(1));
        assertThat(f.acquireNow("python").sandbox()).isNotSameAs(pinned.sandbox());
    }

    @Test
    void sessionWaitingOnABrokenPinnedSandboxIsServedByAReplacement() {
        f.startWarm(config(1, sessions(0, 1)));
        SandboxLease pinned = f.acquireNow("python", "session-a");
        Future<SandboxLease> next = f.pool.acquire("python", Optional.of("session-a"));

        f.pool.release(pinned, ReleaseOutcome.destroy(DestroyReason.OOM));

        SandboxLease replacement = get(next);
        assertThat(replacement.sandbox()).isNotSameAs(pinned.sandbox());
        assertThat(replacement.sessionId()).contains("session-a");
        assertThat(f.pool.snapshot().of("python").sessions()).isEqualTo(1);
    }
}
