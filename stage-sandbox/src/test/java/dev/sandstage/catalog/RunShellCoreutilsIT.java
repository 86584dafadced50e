package dev.sandstage.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import dev.sandstage.agent.AgentBinary;
import dev.sandstage.agent.RunRequest;
import dev.sandstage.agent.RunResult;
import dev.sandstage.agent.SandboxImage;
import dev.sandstage.host.DockerClients;
import dev.sandstage.pool.ContainerSpecs;
import dev.sandstage.pool.DockerSandbox;
import dev.sandstage.pool.DockerSandboxFactory;
import dev.sandstage.pool.PoolConfig;
import dev.sandstage.pool.PoolTuning;
import dev.sandstage.pool.SandboxClass;
import dev.sandstage.pool.SandboxLease;
import dev.sandstage.pool.SandboxPool;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped {@code run_shell} tool runs coreutils' {@code ls -la} and {@code stat} on the
 * workspace under both runtimes. Debian 12's gVisor (2022-12-19) answered {@code EINVAL} to the
 * statx flags of bookworm's coreutils, so both failed in every runsc sandbox; {@code prepare}
 * installs Debian 13's (2024-07-29). Runs through a real pool of the catalog's {@code run_shell}
 * class and a runsc twin of it (same image, profile and limits), the way the stage calls a tool.
 */
class RunShellCoreutilsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ToolDefinition RUN_SHELL = ToolCatalog.loadDefault().find("run_shell").orElseThrow();
    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final String SCRIPT = """
            mkdir d && printf hello > d/f.txt && ln -s d/f.txt link
            ls -la /workspace
            stat -c '%n|%s|%U|%F' d/f.txt link
            stat -L -c '%n|%s|%F' link
            """;

    private static DockerClient docker;
    private static SandboxPool pool;

    @BeforeAll
    static void buildImageAndStartPool() {
        docker = DockerClients.connect();
        new ToolsImage(docker).ensure();
        SandboxClass runc = ToolCatalog.loadDefault().sandboxClasses().stream()
                .filter(c -> c.name().equals(RUN_SHELL.className())).findFirst().orElseThrow();
        assertThat(runc.runtime()).isEqualTo("runc");
        SandboxClass runsc = new SandboxClass(className("runsc"), runc.image(), "runsc", runc.hardeningProfile(),
                runc.limits(), 1, 1, runc.maxUses(), runc.idleTtl(), runc.sessionIdleTimeout());
        SandboxClass runcOne = new SandboxClass(runc.name(), runc.image(), "runc", runc.hardeningProfile(),
                runc.limits(), 1, 1, runc.maxUses(), runc.idleTtl(), runc.sessionIdleTimeout());
        String instance = "runshellcoreutilsit-" + UUID.randomUUID().toString().substring(0, 8);
        PoolConfig config = PoolConfig.of(instance, 2, List.of(runcOne, runsc)).withAcquireDeadline(SETTLE)
                .withTuning(PoolTuning.defaults().withCloseGrace(Duration.ofSeconds(5)));
        pool = SandboxPool.create(config, new DockerSandboxFactory(docker,
                DockerClients.dockerHost(System.getenv()), new SandboxImage(docker, AgentBinary.load())),
                Clock.systemUTC());
        get(pool.start());
        get(pool.warm());
    }

    @AfterAll
    static void closePool() throws Exception {
        try {
            if (pool != null) {
                get(pool.close());
            }
        } finally {
            docker.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void lsAndStatListAndDescribeTheWorkspace(String runtime) throws Exception {
        JsonNode out = runShell(runtime, SCRIPT);

        assertThat(out.get("stderr").asText()).isEmpty();
        assertThat(out.get("exit_code").asInt()).isZero();
        List<String> lines = out.get("stdout").asText().lines().toList();
        assertThat(lines.get(0)).startsWith("total ");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("d").contains(" nobody ").endsWith(" d"))
                .anySatisfy(l -> assertThat(l).startsWith("l").endsWith(" link -> d/f.txt"))
                .anySatisfy(l -> assertThat(l).endsWith(" ."))
                .anySatisfy(l -> assertThat(l).endsWith(" .."));
        assertThat(lines).endsWith("d/f.txt|5|nobody|regular file", "link|7|nobody|symbolic link",
                "link|5|regular file");
    }

    private static String className(String runtime) {
        return runtime.equals("runc") ? RUN_SHELL.className() : RUN_SHELL.className() + "-runsc";
    }

    /** One run_shell call in a fresh sandbox of {@code runtime}; its JSON answer. */
    private static JsonNode runShell(String runtime, String script) throws Exception {
        SandboxLease lease = get(pool.acquire(className(runtime), Optional.empty()));
        RunRequest request = RunRequest.builder(RUN_SHELL.command().toArray(String[]::new))
                .stdin(JSON.writeValueAsBytes(java.util.Map.of("script", script)))
                .timeout(RUN_SHELL.timeout())
                .stdoutCap((int) RUN_SHELL.maxOutputBytes())
                .workdir(ContainerSpecs.WORKSPACE)
                .wipe(true)
                .build();
        RunResult result = ((DockerSandbox) lease.sandbox()).execute(request, RUN_SHELL.timeout().plusSeconds(30));
        pool.release(lease, DockerSandbox.outcomeOf(result));
        assertThat(result.exitCode()).as("%s", result).isZero();
        return JSON.readTree(new String(result.stdout().bytes(), StandardCharsets.UTF_8));
    }

    private static <T> T get(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("pool future failed or timed out", e);
        }
    }
}
