package dev.sandstage.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.sandstage.agent.AgentBinary;
import dev.sandstage.agent.AgentProtocolException;
import dev.sandstage.agent.RunRequest;
import dev.sandstage.agent.RunResult;
import dev.sandstage.agent.SandboxImage;
import dev.sandstage.host.BaseImage;
import dev.sandstage.host.DockerClients;
import dev.sandstage.pool.PoolEvent.SandboxDestroyed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A real {@link SandboxPool} over Docker for the adversarial battery: one class ({@value #CLASS})
 * on the base image under one runtime, one warm sandbox, up to three, 100 uses each, with every
 * {@link PoolEvent} recorded. {@link #call} goes through the pool the way the stage does:
 * acquire, execute, release with {@link DockerSandbox#outcomeOf}. The instance id is unique per
 * test class, runtime and run, so {@link #close} removes exactly this fixture's containers.
 */
final class DockerPoolFixture implements AutoCloseable {

    static final String CLASS = "battery";
    /** How long a pool may take to settle: runsc containers take a few seconds to start. */
    static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Duration CALL_SLACK = Duration.ofSeconds(30);

    /**
     * What one call through the pool returned, and which sandbox served it; {@code lost} instead
     * of a result when the agent (and with it the container) went away during the call.
     */
    record Call(RunResult result, AgentProtocolException lost, String sandboxId, String containerId) {
        @Override
        public RunResult result() {
            if (lost != null) {
                throw new AssertionError("the sandbox " + sandboxId + " was lost during the call", lost);
            }
            return result;
        }

        String stdout() {
            return result().stdout().utf8();
        }

        String stderr() {
            return result().stderr().utf8();
        }
    }

    final String runtime;
    final SandboxPool pool;
    final List<PoolEvent> events = new CopyOnWriteArrayList<>();
    private final DockerClient docker;

    private DockerPoolFixture(String runtime, SandboxPool pool, DockerClient docker) {
        this.runtime = runtime;
        this.pool = pool;
        this.docker = docker;
    }

    /** Starts a pool for {@code testClass} under {@code runtime}; {@code tweak} adjusts the class. */
    static DockerPoolFixture start(Class<?> testClass, String runtime, UnaryOperator<SandboxClass> tweak) {
        SandboxClass cls = tweak.apply(SandboxClass.of(CLASS, BaseImage.NAME, 1, 3).withRuntime(runtime)
                .withMaxUses(100));
        String instance = (testClass.getSimpleName() + "-" + runtime + "-" + UUID.randomUUID().toString()
                .substring(0, 8)).toLowerCase(Locale.ROOT);
        PoolConfig config = PoolConfig.of(instance, 3, List.of(cls)).withAcquireDeadline(SETTLE)
                .withTuning(PoolTuning.defaults().withCloseGrace(Duration.ofSeconds(5)));
        DockerClient docker = DockerClients.connect();
        SandboxFactory factory = new DockerSandboxFactory(docker, DockerClients.dockerHost(System.getenv()),
                new SandboxImage(docker, AgentBinary.load()));
        DockerPoolFixture fixture = new DockerPoolFixture(runtime, SandboxPool.create(config, factory,
                Clock.systemUTC()), docker);
        fixture.pool.addListener(fixture.events::add);
        get(fixture.pool.start());
        get(fixture.pool.warm());
        return fixture;
    }

    /** {@code sh -c script} with a 5 s timeout. */
    static RunRequest.Builder sh(String script) {
        return RunRequest.builder("sh", "-c", script).timeout(Duration.ofSeconds(5));
    }

    /** {@code python3 -c code} with a 5 s timeout. */
    static RunRequest.Builder python(String code) {
        return RunRequest.builder("python3", "-c", code).timeout(Duration.ofSeconds(5));
    }

    /** One call outside any session: the workspace is wiped afterwards. */
    Call call(RunRequest.Builder request) {
        return call(request, Optional.empty());
    }

    /** One call pinned to {@code session}: the workspace survives for the session's next call. */
    Call call(RunRequest.Builder request, String session) {
        return call(request, Optional.of(session));
    }

    private Call call(RunRequest.Builder request, Optional<String> session) {
        return callIn(get(pool.acquire(CLASS, session)), request);
    }

    /** An unpinned lease, for a test that must hold a sandbox before its call runs elsewhere. */
    SandboxLease acquire() {
        return get(pool.acquire(CLASS, Optional.empty()));
    }

    /** Runs one call in {@code lease}'s sandbox and releases it. */
    Call callIn(SandboxLease lease, RunRequest.Builder request) {
        return executeAndRelease(lease, request.workdir(ContainerSpecs.WORKSPACE)
                .wipe(lease.sessionId().isEmpty()).build());
    }

    private Call executeAndRelease(SandboxLease lease, RunRequest request) {
        DockerSandbox sandbox = (DockerSandbox) lease.sandbox();
        RunResult result;
        try {
            result = sandbox.execute(request, request.timeout().plus(CALL_SLACK));
        } catch (AgentProtocolException e) {
            // What the stage does when the agent is gone: the container is of no further use.
            pool.release(lease, ReleaseOutcome.destroy(DestroyReason.AGENT_LOST));
            return new Call(null, e, sandbox.id(), sandbox.containerId());
        }
        pool.release(lease, DockerSandbox.outcomeOf(result));
        return new Call(result, null, sandbox.id(), sandbox.containerId());
    }

    /**
     * Runs {@code request} once in every idle sandbox at the same time (each holds its lease
     * until all have run), after the pool settled: how a test reaches the sandbox an earlier
     * call used, whichever one the pool hands out next.
     */
    List<Call> callEveryIdle(Supplier<RunRequest.Builder> request) {
        awaitSettled();
        int idle = pool.snapshot().of(CLASS).idle();
        List<SandboxLease> leases = new ArrayList<>();
        for (int i = 0; i < idle; i++) {
            leases.add(get(pool.acquire(CLASS, Optional.empty())));
        }
        return leases.stream().map(l -> executeAndRelease(l, request.get().workdir(ContainerSpecs.WORKSPACE)
                .build())).toList();
    }

    /** Waits until nothing is being created, checked, destroyed or leased and min-idle are idle. */
    void awaitSettled() {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            PoolSnapshot.ClassSnapshot c = pool.snapshot().of(CLASS);
            assertThat(c).extracting("creating", "checking", "destroying", "busy").containsOnly(0);
            assertThat(c.idle()).isGreaterThanOrEqualTo(c.minIdle());
        });
    }

    /** Asserts the sandbox that served {@code call} was kept and answers an echo now. */
    void assertReusedAndHealthy(Call call) {
        List<Call> echoes = callEveryIdle(() -> sh("echo alive"));
        assertThat(echoes).extracting(Call::sandboxId).contains(call.sandboxId());
        assertThat(echoes).allSatisfy(DockerPoolFixture::assertAlive);
        assertThat(destroyed(call)).isEmpty();
    }

    /** Asserts the sandbox that served {@code call} was destroyed for {@code reason} and replaced. */
    void assertReplaced(Call call, DestroyReason reason) {
        await().atMost(SETTLE).untilAsserted(() -> assertThat(destroyed(call)).extracting(SandboxDestroyed::reason)
                .containsExactly(reason));
        List<Call> echoes = callEveryIdle(() -> sh("echo alive"));
        assertThat(echoes).isNotEmpty().extracting(Call::sandboxId).doesNotContain(call.sandboxId());
        assertThat(echoes).allSatisfy(DockerPoolFixture::assertAlive);
    }

    /** Asserts the pool is healthy after {@code call}, whether it kept or replaced the sandbox. */
    void assertHealthyAfter(Call call) {
        DestroyReason expected = call.lost() != null ? DestroyReason.AGENT_LOST
                : DockerSandbox.outcomeOf(call.result()) instanceof ReleaseOutcome.Destroy d ? d.reason() : null;
        if (expected == null) {
            assertReusedAndHealthy(call);
        } else {
            assertReplaced(call, expected);
        }
    }

    List<SandboxDestroyed> destroyed(Call call) {
        return events.stream().filter(SandboxDestroyed.class::isInstance).map(SandboxDestroyed.class::cast)
                .filter(e -> e.sandboxId().equals(call.sandboxId())).toList();
    }

    <T extends PoolEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static void assertAlive(Call echo) {
        assertThat(echo.result().succeeded()).as("echo in %s: %s", echo.sandboxId(), echo.result()).isTrue();
        assertThat(echo.stdout()).isEqualTo("alive\n");
    }

    static <T> T get(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("future failed", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("future did not complete within " + SETTLE, e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            get(pool.close());
        } finally {
            docker.close();
        }
    }
}
