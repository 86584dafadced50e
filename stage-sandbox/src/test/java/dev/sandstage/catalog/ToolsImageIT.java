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
import dev.sandstage.pool.SandboxLease;
import dev.sandstage.pool.SandboxPool;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Builds the tools image and runs every default tool through a real pool (runc, strict profile)
 * the way the stage will: the catalog's class, argv and timeout, arguments as JSON on stdin.
 */
class ToolsImageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ToolCatalog CATALOG = ToolCatalog.loadDefault();
    private static final Duration SETTLE = Duration.ofSeconds(90);

    private static DockerClient docker;
    private static SandboxPool pool;

    /** What one tool call printed and how it ended. */
    record Call(RunResult result, JsonNode json) {
        int exit() {
            return result.exitCode();
        }
    }

    @BeforeAll
    static void buildImageAndStartPool() throws Exception {
        docker = DockerClients.connect();
        new ToolsImage(docker).ensure();
        ToolsImage.interpreter(docker).ensure();
        String instance = "toolsimageit-" + UUID.randomUUID().toString().substring(0, 8);
        PoolConfig config = PoolConfig.of(instance, 8, CATALOG.sandboxClasses()).withAcquireDeadline(SETTLE)
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

    @Test
    void ensuringTwiceKeepsTheSameImageAndLatestPointsAtIt() {
        String first = new ToolsImage(docker).ensure();
        String second = new ToolsImage(docker).ensure();

        assertThat(second).isEqualTo(first).startsWith("sandstage/tools:");
        assertThat(docker.inspectImageCmd(ToolsImage.LATEST).exec().getId())
                .isEqualTo(docker.inspectImageCmd(first).exec().getId());
    }

    @Test
    void echoReturnsTheMessageAsJson() throws Exception {
        Call call = call("echo", "{\"message\": \"héllo\"}", null);

        assertThat(call.exit()).isZero();
        assertThat(call.json()).isEqualTo(JSON.readTree("{\"message\": \"héllo\"}"));
        assertThat(ToolOutput.isJson(call.result().stdout().bytes())).isTrue();
    }

    @Test
    void echoCopiesAMessageThatTakesSeveralReadsByteForByte() throws Exception {
        // ~60 KB through pipes of 4-64 KiB: echo's read/write loop must not drop or reorder a chunk.
        String message = "héllo wörld, ".repeat(4_000) + "end";
        String arguments = JSON.writeValueAsString(java.util.Map.of("message", message));

        Call call = call("echo", arguments, null);

        assertThat(call.exit()).isZero();
        assertThat(new String(call.result().stdout().bytes(), StandardCharsets.UTF_8)).isEqualTo(arguments);
        assertThat(call.json().get("message").asText()).isEqualTo(message);
    }

    @Test
    void describeInstanceDescribesAValidIdTheSameWayEveryTime() {
        Call first = call("describe_instance", "{\"instance_id\": \"i-0abc1234\"}", null);
        Call again = call("describe_instance", "{\"instance_id\": \"i-0abc1234\"}", null);

        assertThat(first.exit()).isZero();
        assertThat(first.json().get("instance_id").asText()).isEqualTo("i-0abc1234");
        assertThat(first.json().fieldNames()).toIterable().contains("instance_type", "state",
                "availability_zone", "launch_time", "tags");
        assertThat(again.json()).isEqualTo(first.json());
    }

    @Test
    void describeInstanceRejectsAnInvalidIdWithExitTwoAndAJsonError() {
        Call call = call("describe_instance", "{\"instance_id\": \"vm-42\"}", null);

        assertThat(call.exit()).isEqualTo(2);
        assertThat(call.json().get("error").asText()).contains("vm-42").contains("not an instance id");
    }

    @Test
    void aFileWrittenInASessionIsReadAndListedByTheSessionsNextCalls() {
        String session = "files-" + UUID.randomUUID();

        Call write = call("write_file", "{\"path\": \"notes/a.txt\", \"content\": \"kept\\n\"}", session);
        Call read = call("read_file", "{\"path\": \"notes/a.txt\"}", session);
        Call list = call("list_dir", "{\"path\": \"notes\"}", session);

        assertThat(write.exit()).as(write.result().toString()).isZero();
        assertThat(write.json().get("bytes").asInt()).isEqualTo(5);
        assertThat(read.json().get("content").asText()).isEqualTo("kept\n");
        assertThat(list.json().get("entries").get(0).get("name").asText()).isEqualTo("a.txt");
        assertThat(list.json().get("entries").get(0).get("type").asText()).isEqualTo("file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "/etc/passwd", "notes/../../etc/passwd"})
    void pathsOutsideTheWorkspaceAreRejected(String path) {
        Call read = call("read_file", "{\"path\": \"" + path + "\"}", null);
        Call write = call("write_file", "{\"path\": \"" + path + "\", \"content\": \"x\"}", null);

        assertThat(read.exit()).isEqualTo(2);
        assertThat(read.json().get("error").asText()).contains("outside the workspace");
        assertThat(write.exit()).isEqualTo(2);
        assertThat(write.json().get("error").asText()).contains("outside the workspace");
    }

    @Test
    void aSymlinkPointingOutOfTheWorkspaceIsRejected() {
        String session = "symlink-" + UUID.randomUUID();

        Call link = call("run_python", "{\"code\": \"import os; os.symlink('/etc', 'escape')\"}", session);
        Call read = call("read_file", "{\"path\": \"escape/passwd\"}", session);
        Call list = call("list_dir", "{\"path\": \"escape\"}", session);

        assertThat(link.json().get("exit_code").asInt()).as(link.json().toString()).isZero();
        assertThat(read.exit()).isEqualTo(2);
        assertThat(read.json().get("error").asText()).contains("outside the workspace");
        assertThat(list.exit()).isEqualTo(2);
    }

    @Test
    void runPythonReturnsWhatTheCodePrinted() {
        Call call = call("run_python", "{\"code\": \"import sys; print(6 * 7); print('oops', file=sys.stderr)\"}",
                null);

        assertThat(call.exit()).isZero();
        assertThat(call.json().get("stdout").asText()).isEqualTo("42\n");
        assertThat(call.json().get("stderr").asText()).isEqualTo("oops\n");
        assertThat(call.json().get("exit_code").asInt()).isZero();
    }

    @Test
    void runShellRunsTheScriptInTheWorkspaceAndReportsItsExitCode() {
        Call call = call("run_shell", "{\"script\": \"pwd; echo out; exit 3\"}", null);

        assertThat(call.exit()).isZero();
        assertThat(call.json().get("stdout").asText()).isEqualTo("/workspace\nout\n");
        assertThat(call.json().get("exit_code").asInt()).isEqualTo(3);
    }

    @Test
    void argumentsThatAreNotJsonEndWithExitTwo() {
        Call call = call("describe_instance", "{not json", null);

        assertThat(call.exit()).isEqualTo(2);
        assertThat(call.json().get("error").asText()).startsWith("arguments are not valid JSON");
    }

    private static Call call(String toolName, String arguments, String session) {
        ToolDefinition tool = CATALOG.find(toolName).orElseThrow();
        SandboxLease lease = get(pool.acquire(tool.className(), Optional.ofNullable(session)));
        RunRequest request = RunRequest.builder(tool.command().toArray(String[]::new))
                .stdin(arguments.getBytes(StandardCharsets.UTF_8))
                .timeout(tool.timeout())
                .stdoutCap((int) tool.maxOutputBytes())
                .workdir(ContainerSpecs.WORKSPACE)
                .wipe(session == null)
                .build();
        // A lost agent throws and fails the test; the pool's health check replaces the sandbox.
        RunResult result = ((DockerSandbox) lease.sandbox()).execute(request, tool.timeout().plusSeconds(30));
        pool.release(lease, DockerSandbox.outcomeOf(result));
        JsonNode json;
        try {
            json = JSON.readTree(result.stdout().bytes());
        } catch (Exception e) {
            throw new AssertionError("stdout of " + toolName + " is not JSON: " + result, e);
        }
        return new Call(result, json);
    }

    private static <T> T get(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("pool future failed or timed out", e);
        }
    }
}
