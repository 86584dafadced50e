package dev.sandstage.pool;

import static dev.sandstage.pool.DockerPoolFixture.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.sandstage.pool.DockerPoolFixture.Call;
import dev.sandstage.pool.PoolEvent.SessionUnpinned;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The adversarial battery through a real pool, part 4: what one call leaves behind (processes,
 * files) and who sees it next. A pinned session keeps its workspace until its pin ends; nobody
 * else ever sees it, and no process outlives its call. Pins end after 5 minutes idle in the tests
 * of a session's next call, after 2 s in the others.
 */
class SandboxBatteryStateIT {

    private static final Duration SESSION_IDLE = Duration.ofSeconds(2);
    /**
     * Pins that end after 2 s idle: for the test about what happens when one ends, and for the
     * tests that reach every idle sandbox (a pin that never ended would keep one from idling).
     */
    private static final DockerPools EXPIRING = new DockerPools(SandboxBatteryStateIT.class,
            cls -> cls.withSessionIdleTimeout(SESSION_IDLE));
    /**
     * Pins that outlive any stall of a loaded machine (the class's default, 5 minutes), for the
     * tests of a session's next call: with 2 s, a slow runsc recycle plus the next acquire could
     * end the pin between the session's two calls. Three sessions per runtime, three sandboxes.
     */
    private static final DockerPools POOLS = new DockerPools(SandboxBatteryStateIT.class);

    private static final String PROCESSES = "for p in /proc/[0-9]*; do echo \"$(tr '\\0' ' ' < $p/cmdline)\"; done";
    private static final String SHOW_FILES = "cat /workspace/note /tmp/note 2>&1; true";

    @AfterAll
    static void closePools() throws Exception {
        try (DockerPools keeping = POOLS; DockerPools expiring = EXPIRING) {
            // both closed, even when one fails
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void aBackgroundProcessLeftByACallIsGoneBeforeTheSessionsNextCall(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);
        String session = "bg-" + runtime;

        Call first = pool.call(sh("setsid sleep 1000 > /dev/null 2>&1 & nohup sleep 999 > /dev/null 2>&1 & echo left"),
                session);
        Call next = pool.call(sh(PROCESSES), session);

        assertThat(first.stdout()).isEqualTo("left\n");
        assertThat(next.sandboxId()).isEqualTo(first.sandboxId());
        assertThat(next.stdout()).doesNotContain("sleep").contains("sandstage-agent");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void aBackgroundProcessLeftByAnUnpinnedCallIsGoneFromEverySandbox(String runtime) {
        DockerPoolFixture pool = EXPIRING.of(runtime);

        Call first = pool.call(sh("setsid sleep 1000 > /dev/null 2>&1 & echo left"));
        List<Call> next = pool.callEveryIdle(() -> sh(PROCESSES));

        assertThat(first.stdout()).isEqualTo("left\n");
        assertThat(next).extracting(Call::sandboxId).contains(first.sandboxId());
        assertThat(next).allSatisfy(c -> assertThat(c.stdout()).doesNotContain("sleep"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void filesOfAPinnedSessionArePresentForItsNextCallAndAbsentForAnotherSession(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);
        String mine = "files-" + runtime;

        Call write = pool.call(sh("echo kept > /workspace/note; echo scratch > /tmp/note"), mine);
        Call sameSession = pool.call(sh(SHOW_FILES), mine);
        Call otherSession = pool.call(sh(SHOW_FILES), "other-" + runtime);

        assertThat(write.result().succeeded()).isTrue();
        assertThat(sameSession.sandboxId()).isEqualTo(write.sandboxId());
        // /tmp is scratch for one call even within a session; only the workspace is the session's.
        assertThat(sameSession.stdout()).isEqualTo("kept\ncat: /tmp/note: No such file or directory\n");
        assertThat(otherSession.sandboxId()).isNotEqualTo(write.sandboxId());
        assertThat(otherSession.stdout()).isEqualTo("""
                cat: /workspace/note: No such file or directory
                cat: /tmp/note: No such file or directory
                """);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void filesOfASessionAreGoneFromItsSandboxOnceThePinEndsAfterTheIdleTimeout(String runtime) {
        DockerPoolFixture pool = EXPIRING.of(runtime);
        String session = "expiring-" + runtime;

        Call write = pool.call(sh("echo kept > /workspace/note"), session);
        await().atMost(SESSION_IDLE.multipliedBy(10)).untilAsserted(() -> assertThat(pool.events(SessionUnpinned.class))
                .extracting(SessionUnpinned::sessionId, SessionUnpinned::sandboxId)
                .contains(tuple(session, write.sandboxId())));
        List<Call> after = pool.callEveryIdle(() -> sh(SHOW_FILES));

        assertThat(after).extracting(Call::sandboxId).contains(write.sandboxId());
        assertThat(after).allSatisfy(c -> assertThat(c.stdout()).startsWith("cat: /workspace/note: No such file"));
        assertThat(pool.destroyed(write)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void filesLeftByAnUnpinnedCallAreGoneForTheNextCallInTheSameSandbox(String runtime) {
        DockerPoolFixture pool = EXPIRING.of(runtime);

        Call write = pool.call(sh("echo left > /workspace/note; echo left > /tmp/note; mkdir -p /workspace/d/e"));
        List<Call> after = pool.callEveryIdle(() -> sh(SHOW_FILES + "; test -e /workspace/d || echo no-dir"));

        assertThat(write.result().succeeded()).isTrue();
        assertThat(after).extracting(Call::sandboxId).contains(write.sandboxId());
        assertThat(after).allSatisfy(c -> assertThat(c.stdout()).isEqualTo("""
                cat: /workspace/note: No such file or directory
                cat: /tmp/note: No such file or directory
                no-dir
                """));
    }
}
