package dev.sandstage.bench.sandbox;

import com.github.dockerjava.api.DockerClient;
import java.util.List;

/** The modes {@code bench sandbox} compares, in the order they run. */
final class SandboxModes {

    private SandboxModes() {}

    static List<CallMode> all(DockerClient docker) {
        return List.of(
                new BareProcessMode(),
                new DockerExecMode(docker),
                new ColdRunMode(docker),
                new WarmPoolMode(docker, "runc"),
                new WarmPoolMode(docker, "runsc"));
    }
}
