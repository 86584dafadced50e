package dev.sandstage.pool;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.sandstage.host.BaseImage;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: runs a one-shot script in a container made from a real {@link ContainerSpec} (the
 * script replaces the agent as entrypoint) and parses its {@code key=value} output lines.
 * Labels each container {@code sandstage.test=<test class>} and removes it afterwards.
 */
final class SandboxProbe {

    private final DockerClient docker;
    private final String testClass;

    SandboxProbe(DockerClient docker, Class<?> testClass) {
        this.docker = docker;
        this.testClass = testClass.getSimpleName();
    }

    ContainerSpec spec(SandboxRuntime runtime, HardeningProfile profile, List<String> command) {
        return ContainerSpecs.forSandbox(BaseImage.NAME, runtime, profile, Map.of("sandstage.test", testClass),
                command);
    }

    /** Runs {@code script} with {@code sh -c} under the strict profile; returns its key=value lines. */
    Map<String, String> run(SandboxRuntime runtime, String script) throws InterruptedException {
        return run(spec(runtime, HardeningProfile.STRICT, List.of("sh", "-c", script)));
    }

    Map<String, String> run(ContainerSpec spec) throws InterruptedException {
        String id = spec.applyTo(docker.createContainerCmd(spec.image())).exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            int exit = docker.waitContainerCmd(id).start().awaitStatusCode(120, TimeUnit.SECONDS);
            Map<String, String> values = new LinkedHashMap<>();
            String output = logs(id);
            output.lines().filter(l -> l.contains("=")).forEach(l -> {
                int eq = l.indexOf('=');
                values.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
            });
            values.put("exit", Integer.toString(exit));
            values.put("output", output);
            return values;
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    private String logs(String id) throws InterruptedException {
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
