package dev.sandstage.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the base image on the real engine under both runtimes, with no network, and reads the
 * program's output back through docker-java. Prepares the host first (a no-op when
 * {@code ./sandstage prepare} already ran).
 */
class BaseImageRuntimesIT {

    private static final String SCRIPT = "import platform, sys; print('sandstage', 6 * 7, sys.version_info[0]); "
            + "print('kernel', platform.release())";

    private static DockerClient docker;

    @BeforeAll
    static void prepareHost() {
        Path repoRoot = Path.of(System.getProperty("sandstage.repo.root", ""));
        new HostPreparer(System.getenv(), StateDirectory.from(System.getenv(), repoRoot), System.out::println).prepare();
        docker = DockerClients.connect();
    }

    @AfterAll
    static void closeClient() throws Exception {
        docker.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void pythonRunsWithoutNetworkAndItsOutputIsReadBack(String runtime) throws Exception {
        String id = docker.createContainerCmd(BaseImage.NAME)
                .withCmd("python3", "-c", SCRIPT)
                .withLabels(Map.of("sandstage.test", getClass().getSimpleName()))
                .withHostConfig(HostConfig.newHostConfig().withRuntime(runtime).withNetworkMode("none"))
                .exec()
                .getId();
        try {
            docker.startContainerCmd(id).exec();
            int exit = docker.waitContainerCmd(id).start().awaitStatusCode(120, TimeUnit.SECONDS);
            InspectContainerResponse inspect = docker.inspectContainerCmd(id).exec();

            assertThat(exit).isZero();
            assertThat(logs(id)).startsWith("sandstage 42 3\n");
            assertThat(inspect.getHostConfig().getRuntime()).isEqualTo(runtime);
            assertThat(inspect.getHostConfig().getNetworkMode()).isEqualTo("none");
            assertThat(inspect.getNetworkSettings().getNetworks()).containsOnlyKeys("none");
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Test
    void runscShowsGvisorKernelWhileRuncShowsTheHostKernel() throws Exception {
        assertThat(kernelUnder("runsc")).isNotEqualTo(System.getProperty("os.version"));
        assertThat(kernelUnder("runc")).isEqualTo(System.getProperty("os.version"));
    }

    @Test
    void baseImageBuiltByPrepareHasARecipeLabelACommandAndNoAptLists() throws Exception {
        var config = docker.inspectImageCmd(BaseImage.NAME).exec().getConfig();
        Map<String, String> labels = config.getLabels() == null ? Map.of() : config.getLabels();
        assertThat(labels.get(BaseImage.RECIPE_LABEL)).contains("debootstrap --variant=minbase");
        assertThat(config.getCmd()).containsExactly("/bin/bash");
        String id = docker.createContainerCmd(BaseImage.NAME)
                .withCmd("python3", "-c", "import os; print(len(os.listdir('/var/lib/apt/lists')))")
                .withLabels(Map.of("sandstage.test", getClass().getSimpleName()))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                .exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            docker.waitContainerCmd(id).start().awaitStatusCode(120, TimeUnit.SECONDS);
            // Only the "partial" directory and the lock may remain; no downloaded package lists.
            assertThat(Integer.parseInt(logs(id).strip())).isLessThanOrEqualTo(2);
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    private static String kernelUnder(String runtime) throws Exception {
        String id = docker.createContainerCmd(BaseImage.NAME)
                .withCmd("python3", "-c", "import platform; print(platform.release())")
                .withLabels(Map.of("sandstage.test", BaseImageRuntimesIT.class.getSimpleName()))
                .withHostConfig(HostConfig.newHostConfig().withRuntime(runtime).withNetworkMode("none"))
                .exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            docker.waitContainerCmd(id).start().awaitStatusCode(120, TimeUnit.SECONDS);
            return logs(id).strip();
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    private static String logs(String id) throws InterruptedException {
        StringBuilder out = new StringBuilder();
        docker.logContainerCmd(id).withStdOut(true).withStdErr(true)
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                })
                .awaitCompletion(60, TimeUnit.SECONDS);
        return out.toString();
    }
}
