package dev.sandstage.pool;

import static dev.sandstage.pool.DockerPoolFixture.python;
import static dev.sandstage.pool.DockerPoolFixture.sh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.agent.RunReason;
import dev.sandstage.agent.RunRequest;
import dev.sandstage.pool.DockerPoolFixture.Call;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adversarial battery through a real pool, part 5: a misbehaving call never disturbs a
 * concurrent call in another sandbox. While one sandbox runs a bomb, another answers a stream of
 * echoes; every echo must succeed with its own output.
 */
class SandboxBatteryNeighboursIT {

    private static final DockerPools POOLS = new DockerPools(SandboxBatteryNeighboursIT.class,
            cls -> new SandboxClass(cls.name(), cls.image(), cls.runtime(), cls.hardeningProfile(),
                    SandboxBatteryResourcesIT.SMALL, cls.minIdle(), cls.max(), cls.maxUses(), cls.idleTtl(),
                    cls.sessionIdleTimeout()));
    private static final int MIN_ECHOES = 5;
    /**
     * A bomb can end before any echo ran entirely during it (an OOM comes within a fraction of a
     * second, an echo on a loaded machine can take longer): then it goes off again, up to this many
     * times, so that the test proves what its name says instead of depending on thread timing.
     */
    private static final int BOMBS = 5;

    enum Bomb {
        FORK(() -> sh(SandboxBatteryResourcesIT.FORK_BOMB).timeout(Duration.ofSeconds(3))),
        MEMORY(() -> python(SandboxBatteryResourcesIT.MEMORY_BOMB).timeout(Duration.ofSeconds(10))),
        FLOOD(() -> sh("yes & yes & yes").outputCeiling(64L << 20).timeout(Duration.ofSeconds(10)));

        final Supplier<RunRequest.Builder> request;

        Bomb(Supplier<RunRequest.Builder> request) {
            this.request = request;
        }
    }

    static Stream<Arguments> runtimesAndBombs() {
        return Stream.of("runc", "runsc").flatMap(r -> Stream.of(Bomb.values()).map(b -> Arguments.of(r, b)));
    }

    @AfterAll
    static void closePools() throws Exception {
        POOLS.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runtimesAndBombs")
    void echoesInAnotherSandboxAllSucceedWhileABombGoesOff(String runtime, Bomb bomb) throws Exception {
        DockerPoolFixture pool = POOLS.of(runtime);
        List<Call> echoes = new ArrayList<>();
        List<Call> duringTheBomb = new ArrayList<>();
        Call boom = null;
        for (int attempt = 1; attempt <= BOMBS && duringTheBomb.isEmpty(); attempt++) {
            boom = detonate(pool, runtime, bomb, echoes, duringTheBomb);
            assertBombEnded(runtime, bomb, boom);
            pool.assertHealthyAfter(boom);
        }

        for (int i = 0; i < echoes.size(); i++) {
            Call echo = echoes.get(i);
            assertThat(echo.result().succeeded()).as("echo %d: %s", i, echo.result()).isTrue();
            assertThat(echo.stdout()).isEqualTo("echo-" + i + "\n");
        }
        // Once the bomb's call is over its sandbox may serve later echoes (a flood's is reused).
        assertThat(duringTheBomb).as("echoes that ran entirely during one of %s bombs", BOMBS).isNotEmpty()
                .extracting(Call::sandboxId).doesNotContain(boom.sandboxId());
    }

    /**
     * Sets one bomb off in its own sandbox and runs echoes until it is over (at least
     * {@value #MIN_ECHOES}); the echoes go to {@code echoes}, those that began and ended while the
     * bomb's call ran also to {@code duringTheBomb}.
     */
    private static Call detonate(DockerPoolFixture pool, String runtime, Bomb bomb, List<Call> echoes,
            List<Call> duringTheBomb) throws Exception {
        pool.awaitSettled();
        SandboxLease bombLease = pool.acquire();
        FutureTask<Call> bombCall = new FutureTask<>(() -> pool.callIn(bombLease, bomb.request.get()));
        Thread.ofPlatform().name("battery-bomb-" + runtime).start(bombCall);
        for (int i = 0; !bombCall.isDone() || i < MIN_ECHOES; i++) {
            boolean bombRunningBefore = !bombCall.isDone();
            Call echo = pool.call(sh("echo echo-" + echoes.size()));
            echoes.add(echo);
            // The bomb's call releases its sandbox before its task completes, so only an echo that
            // began and ended while the task was still running cannot have been given that sandbox.
            if (bombRunningBefore && !bombCall.isDone()) {
                duringTheBomb.add(echo);
            }
        }
        return bombCall.get();
    }

    private static void assertBombEnded(String runtime, Bomb bomb, Call boom) {
        switch (bomb) {
            case FORK -> assertThat(boom.result().reason()).isEqualTo(RunReason.TIMEOUT);
            case FLOOD -> assertThat(boom.result().reason()).isEqualTo(RunReason.OUTPUT_LIMIT);
            case MEMORY -> assertThat(boom.result().reason()).as("%s %s", runtime, boom.result()).isEqualTo(RunReason.OOM);
        }
    }
}
