package dev.sandstage.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.sandstage.host.DockerClients;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent as PID 1 of a container from the derived image, under runc and runsc, reached
 * through {@link AgentAttachment}: what a pooled sandbox does between calls.
 */
class ContainerAgentIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static DockerClient docker;
    private static String image;
    private String containerId;
    private AgentClient client;

    @BeforeAll
    static void buildImage() {
        docker = DockerClients.connect();
        image = AgentContainers.sandboxImage(docker);
    }

    @AfterAll
    static void closeDocker() throws Exception {
        docker.close();
    }

    @AfterEach
    void removeContainer() {
        if (client != null) {
            client.close();
        }
        if (containerId != null) {
            docker.removeContainerCmd(containerId).withForce(true).exec();
        }
    }

    private void startAgent(String runtime) {
        containerId = AgentContainers.start(docker, image, runtime, getClass());
        client = AgentAttachment.attach(containerId);
        client.ping(DEADLINE);
    }

    /**
     * Lists with Python rather than ls: one line per directory, names sorted, nothing else. (ls
     * works under runsc too since prepare installs gVisor 2024-07-29: RunShellCoreutilsIT.)
     */
    private static RunRequest.Builder list(String... dirs) {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("python3", "-c",
                "import os, sys\nfor d in sys.argv[1:]: print(d, sorted(os.listdir(d)))"));
        argv.addAll(java.util.List.of(dirs));
        return RunRequest.builder(argv.toArray(String[]::new));
    }

    private RunResult run(RunRequest.Builder request) {
        RunResult result = client.run(request.workdir("/workspace").build(), DEADLINE);
        client.awaitReady(DEADLINE);
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void echoRunsAsNobodyUnderAnAgentThatIsPidOneAndNotReadable(String runtime) {
        startAgent(runtime);

        RunResult result = run(RunRequest.builder("sh", "-c",
                "echo hello; id -u; cat /proc/1/cmdline | tr '\\0' ' '; echo; cat /proc/1/environ > /dev/null"));

        assertThat(result.reason()).isEqualTo(RunReason.EXITED);
        assertThat(result.stdout().utf8()).isEqualTo("hello\n65534\n" + SandboxImage.AGENT_PATH + " \n");
        // Non-dumpable: the tool shares the agent's uid and still cannot read its memory or environment.
        // gVisor (20221219 and 20240729 alike) does not apply dumpability to /proc/1/environ; the agent
        // holds no secrets there.
        if (runtime.equals("runc")) {
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderr().utf8()).contains("Permission denied");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void backgroundProcessLeftByACallIsGoneBeforeTheNextCall(String runtime) {
        startAgent(runtime);

        run(RunRequest.builder("sh", "-c", "setsid sleep 1000 > /dev/null 2>&1 & nohup sleep 999 > /dev/null 2>&1 &"));
        RunResult next = run(RunRequest.builder("sh", "-c", "for p in /proc/[0-9]*; do echo \"${p#/proc/} $(tr '\\0' ' ' < $p/cmdline)\"; done"));

        assertThat(next.stdout().utf8()).doesNotContain("sleep").contains("1 " + SandboxImage.AGENT_PATH);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void workspaceSurvivesARunWithoutWipeAndEverythingGoesAfterAWipingRun(String runtime) {
        startAgent(runtime);
        run(RunRequest.builder("sh", "-c", "echo w > /workspace/kept; mkdir /workspace/d; echo t > /tmp/t; echo s > /dev/shm/s")
                .wipe(false));
        RunResult afterKeep = run(list("/workspace", "/tmp", "/dev/shm"));
        RunResult afterWipe = run(list("/workspace", "/tmp", "/dev/shm"));

        assertThat(afterKeep.stdout().utf8()).isEqualTo("/workspace ['d', 'kept']\n/tmp []\n/dev/shm []\n");
        assertThat(afterWipe.stdout().utf8()).isEqualTo("/workspace []\n/tmp []\n/dev/shm []\n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void timeoutAndResetLeaveAUsableSandbox(String runtime) {
        startAgent(runtime);

        RunResult slow = run(RunRequest.builder("sh", "-c", "sleep 100 & sleep 100").timeout(Duration.ofMillis(200)));
        run(RunRequest.builder("sh", "-c", "touch /workspace/x /tmp/y").wipe(false));
        client.reset(DEADLINE);
        RunResult after = run(list("/workspace", "/tmp"));

        assertThat(slow.reason()).isEqualTo(RunReason.TIMEOUT);
        assertThat(after.stdout().utf8()).isEqualTo("/workspace []\n/tmp []\n");
    }
}
