package dev.sandstage.agent;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import dev.sandstage.host.BaseImage;
import dev.sandstage.host.HostPreparer;
import dev.sandstage.host.StateDirectory;
import java.nio.file.Path;
import java.util.Map;

/** Test fixture: the derived agent image and containers running it as PID 1. */
final class AgentContainers {

    private AgentContainers() {}

    /** Prepares the host (a no-op once prepared) and returns the derived image's tag. */
    static String sandboxImage(DockerClient docker) {
        Path repoRoot = Path.of(System.getProperty("sandstage.repo.root", ""));
        new HostPreparer(System.getenv(), StateDirectory.from(System.getenv(), repoRoot), System.out::println).prepare();
        return new SandboxImage(docker, AgentBinary.load()).ensure(BaseImage.NAME);
    }

    /** Starts a container of {@code image} under {@code runtime}: no network, no TTY, stdin open. */
    static String start(DockerClient docker, String image, String runtime, Class<?> testClass) {
        String owned = "rw,size=16m,uid=" + SandboxImage.SANDBOX_UID + ",gid=" + SandboxImage.SANDBOX_UID;
        String id = docker.createContainerCmd(image)
                .withLabels(Map.of("sandstage.test", testClass.getSimpleName()))
                .withTty(false)
                .withStdinOpen(true)
                .withStdInOnce(false)
                .withAttachStdin(true)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withHostConfig(HostConfig.newHostConfig()
                        .withRuntime(runtime)
                        .withNetworkMode("none")
                        .withTmpFs(Map.of("/workspace", owned + ",mode=0700", "/tmp", owned + ",mode=1777")))
                .exec()
                .getId();
        docker.startContainerCmd(id).exec();
        return id;
    }
}
