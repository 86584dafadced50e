package dev.sandstage.bench.sandbox;

import com.github.dockerjava.api.DockerClient;
import dev.sandstage.agent.AgentBinary;
import dev.sandstage.agent.RunRequest;
import dev.sandstage.agent.RunResult;
import dev.sandstage.agent.SandboxImage;
import dev.sandstage.host.BaseImage;
import dev.sandstage.host.DockerClients;
import dev.sandstage.pool.DestroyReason;
import dev.sandstage.pool.DockerSandbox;
import dev.sandstage.pool.DockerSandboxFactory;
import dev.sandstage.pool.PoolConfig;
import dev.sandstage.pool.ReleaseOutcome;
import dev.sandstage.pool.SandboxClass;
import dev.sandstage.pool.SandboxLease;
import dev.sandstage.pool.SandboxPool;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A call through the warm pool: acquire an idle sandbox, run {@code echo} through its agent,
 * release it for reuse. The pool recycles the sandbox (the agent's cleanup) off the caller's
 * path, with two sandboxes warm, so the measured time is what a stage's call would see.
 */
final class WarmPoolMode implements CallMode {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final DockerClient docker;
    private final String runtime;
    private SandboxPool pool;

    WarmPoolMode(DockerClient docker, String runtime) {
        this.docker = docker;
        this.runtime = runtime;
    }

    @Override
    public String name() {
        return "pool-" + runtime;
    }

    @Override
    public void open() throws Exception {
        SandboxClass cls = SandboxClass.of("bench", BaseImage.NAME, 2, 2).withRuntime(runtime).withMaxUses(1_000_000);
        PoolConfig config = PoolConfig.of("bench-" + runtime, 2, List.of(cls));
        DockerSandboxFactory factory = new DockerSandboxFactory(docker, DockerClients.dockerHost(System.getenv()),
                new SandboxImage(docker, AgentBinary.load()));
        pool = SandboxPool.create(config, factory, Clock.systemUTC());
        pool.start().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        pool.warm().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    }

    @Override
    public void call() throws Exception {
        SandboxLease lease = pool.acquire("bench", Optional.empty()).toCompletionStage().toCompletableFuture()
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        DockerSandbox sandbox = (DockerSandbox) lease.sandbox();
        RunResult result;
        try {
            result = sandbox.execute(RunRequest.builder("/bin/echo", BenchOutput.EXPECTED).build(), DEADLINE);
        } catch (RuntimeException e) {
            pool.release(lease, ReleaseOutcome.destroy(DestroyReason.AGENT_LOST));
            throw e;
        }
        pool.release(lease, DockerSandbox.outcomeOf(result));
        BenchOutput.check(name(), result.exitCode(), new String(result.stdout().bytes(), StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        if (pool != null) {
            pool.close().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        }
    }
}
