package dev.sandstage.bench.sandbox;

import com.github.dockerjava.api.DockerClient;
import dev.sandstage.agent.AgentBinary;
import dev.sandstage.agent.RunRequest;
import dev.sandstage.agent.RunResult;
import dev.sandstage.agent.SandboxImage;
import dev.sandstage.catalog.ToolCatalog;
import dev.sandstage.catalog.ToolDefinition;
import dev.sandstage.catalog.ToolsImage;
import dev.sandstage.host.BaseImage;
import dev.sandstage.host.DockerClients;
import dev.sandstage.host.PythonImages;
import dev.sandstage.pool.ContainerSpecs;
import dev.sandstage.pool.DockerSandbox;
import dev.sandstage.pool.DockerSandboxFactory;
import dev.sandstage.pool.PoolConfig;
import dev.sandstage.pool.SandboxClass;
import dev.sandstage.pool.SandboxLease;
import dev.sandstage.pool.SandboxPool;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./sandstage bench interpreter [--runtime runc|runsc]}: what the code interpreter costs.
 * Prints the size of each image in the chain (base, python, pydata, tools, interpreter), then for
 * each runtime: how long the sandbox image (interpreter + agent) takes to build when missing, how
 * long a pool of the default catalog's interpreter class takes from {@code start} until its
 * {@code min-idle} sandboxes are warm, and the first and second {@code run_python} calls that
 * import numpy, pandas and matplotlib and save a PNG (the first pays matplotlib's font cache and
 * cold page cache). Single run on the main thread; the figures are wall-clock times.
 */
public final class InterpreterBench {

    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static final String CODE = "import numpy as np, pandas as pd, matplotlib.pyplot as plt\n"
            + "df = pd.DataFrame({'x': np.arange(100)}); df['y'] = df.x ** 2\n"
            + "df.plot(x='x', y='y'); plt.savefig('bench.png'); print(int(df.y.sum()))\n";

    private InterpreterBench() {}

    public static void main(String[] args) throws Exception {
        List<String> runtimes = List.of("runc", "runsc");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runtime")) {
                String runtime = args[++i];
                if (!SandboxClass.RUNTIMES.contains(runtime)) {
                    throw new IllegalArgumentException("bench interpreter: --runtime must be runc or runsc, got "
                            + runtime);
                }
                runtimes = List.of(runtime);
            } else {
                throw new IllegalArgumentException("bench interpreter: unknown option " + args[i]
                        + " (usage: --runtime runc|runsc)");
            }
        }
        PrintStream out = System.out;
        try (DockerClient docker = DockerClients.connect()) {
            String tools = new ToolsImage(docker).ensure();
            String interpreter = ToolsImage.interpreter(docker).ensure();
            PythonImages python = new PythonImages(docker, line -> { });
            out.println("image sizes (docker image inspect .Size; layers are shared down the chain):");
            for (String image : List.of(BaseImage.NAME, python.python(), python.pydata(), tools, interpreter)) {
                long size = docker.inspectImageCmd(image).exec().getSize();
                out.printf("  %-50s %6.0f MB%n", image, size / 1e6);
            }
            for (String runtime : runtimes) {
                measure(docker, interpreter, runtime, out);
            }
        }
    }

    private static void measure(DockerClient docker, String image, String runtime, PrintStream out) throws Exception {
        ToolCatalog catalog = ToolCatalog.loadDefault();
        ToolDefinition runPython = catalog.find("run_python").orElseThrow();
        SandboxClass catalogClass = catalog.sandboxClasses().stream()
                .filter(c -> c.name().equals(runPython.className())).findFirst().orElseThrow();
        SandboxClass cls = new SandboxClass("interpreter", image, runtime, catalogClass.hardeningProfile(),
                catalogClass.limits(), catalogClass.minIdle(), catalogClass.max(), catalogClass.maxUses(),
                catalogClass.idleTtl(), catalogClass.sessionIdleTimeout());
        SandboxImage sandboxImage = new SandboxImage(docker, AgentBinary.load());
        long t0 = System.nanoTime();
        sandboxImage.ensure(image);
        long imageNanos = System.nanoTime() - t0;
        PoolConfig config = PoolConfig.of("bench-interp-" + UUID.randomUUID().toString().substring(0, 8),
                cls.max(), List.of(cls));
        SandboxPool pool = SandboxPool.create(config, new DockerSandboxFactory(docker,
                DockerClients.dockerHost(System.getenv()), sandboxImage), Clock.systemUTC());
        try {
            long t1 = System.nanoTime();
            get(pool.start());
            get(pool.warm());
            long warmNanos = System.nanoTime() - t1;
            List<Long> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                long t2 = System.nanoTime();
                call(pool, runPython);
                calls.add(System.nanoTime() - t2);
            }
            out.printf("%s: sandbox image %s ms (0 when present); pool warm-up (start until %d min-idle ready) %d ms;"
                    + " first run_python (numpy+pandas+matplotlib PNG) %d ms, second %d ms%n", runtime,
                    imageNanos / 1_000_000, cls.minIdle(), warmNanos / 1_000_000, calls.get(0) / 1_000_000,
                    calls.get(1) / 1_000_000);
        } finally {
            get(pool.close());
        }
    }

    private static void call(SandboxPool pool, ToolDefinition tool) throws Exception {
        SandboxLease lease = get(pool.acquire("interpreter", Optional.of("bench-session")));
        RunResult result = ((DockerSandbox) lease.sandbox()).execute(RunRequest.builder(
                        tool.command().toArray(String[]::new))
                .stdin(("{\"code\": " + com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                        .writeValueAsString(CODE) + "}").getBytes(StandardCharsets.UTF_8))
                .timeout(tool.timeout()).stdoutCap((int) tool.maxOutputBytes()).workdir(ContainerSpecs.WORKSPACE)
                .wipe(false).build(), tool.timeout().plusSeconds(30));
        pool.release(lease, DockerSandbox.outcomeOf(result));
        String stdout = new String(result.stdout().bytes(), StandardCharsets.UTF_8);
        if (result.exitCode() != 0 || !stdout.contains("\"exit_code\":0") || !stdout.contains("328350")) {
            throw new IllegalStateException("run_python failed: " + result + " " + stdout);
        }
    }

    private static <T> T get(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
}
