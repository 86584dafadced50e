package dev.sandstage.bench.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import dev.sandstage.host.BaseImage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A cold {@code docker run --rm echo} per call (create, start, wait, logs, remove), runc. */
final class ColdRunMode implements CallMode {

    private final DockerClient docker;

    ColdRunMode(DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public String name() {
        return "cold-run";
    }

    @Override
    public int maxCalls() {
        return 50;
    }

    @Override
    public void open() {}

    @Override
    public void call() throws Exception {
        String id = docker.createContainerCmd(BaseImage.NAME)
                .withCmd("/bin/echo", BenchOutput.EXPECTED)
                .withLabels(Map.of(SandboxBench.LABEL, name()))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                .exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            int code = docker.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
            StringBuilder out = new StringBuilder();
            docker.logContainerCmd(id).withStdOut(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(30, TimeUnit.SECONDS);
            BenchOutput.check(name(), code, out.toString());
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Override
    public void close() {}
}
