package dev.sandstage.bench.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import dev.sandstage.host.BaseImage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code docker exec echo} into one running container, through docker-java. */
final class DockerExecMode implements CallMode {

    private final DockerClient docker;
    private String containerId;

    DockerExecMode(DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public String name() {
        return "docker-exec";
    }

    @Override
    public void open() {
        containerId = docker.createContainerCmd(BaseImage.NAME)
                .withCmd("sleep", "infinity")
                .withLabels(Map.of(SandboxBench.LABEL, name()))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                .exec().getId();
        docker.startContainerCmd(containerId).exec();
    }

    @Override
    public void call() throws Exception {
        String execId = docker.execCreateCmd(containerId)
                .withCmd("/bin/echo", BenchOutput.EXPECTED)
                .withAttachStdout(true).withAttachStderr(true)
                .exec().getId();
        StringBuilder out = new StringBuilder();
        docker.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                if (frame.getStreamType() == StreamType.STDOUT) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        Long code = docker.inspectExecCmd(execId).exec().getExitCodeLong();
        BenchOutput.check(name(), code == null ? -1 : code, out.toString());
    }

    @Override
    public void close() {
        if (containerId != null) {
            docker.removeContainerCmd(containerId).withForce(true).exec();
        }
    }
}
