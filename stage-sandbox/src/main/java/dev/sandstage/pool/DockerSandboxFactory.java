package dev.sandstage.pool;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandstage.agent.AgentAttachment;
import dev.sandstage.agent.AgentClient;
import dev.sandstage.agent.SandboxImage;
import dev.sandstage.pool.internal.DockerOrphans;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@link DockerSandbox}es: derives the class's image with the agent baked in
 * ({@link SandboxImage}), creates the container from the hardening profile
 * ({@link ContainerSpecs}) with the request's limits (the class's, or a one-off sandbox's tighter
 * ones) and the pool's labels, starts it, attaches to
 * the agent and pings it once.
 *
 * <p>Threads: called on the pool's worker threads, several at once; thread-safe (docker-java
 * clients are, and {@link SandboxImage#ensure} is synchronised).
 */
public final class DockerSandboxFactory implements SandboxFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DockerSandboxFactory.class);
    private static final Duration FIRST_PING = Duration.ofSeconds(20);

    private final DockerClient docker;
    private final URI dockerHost;
    private final SandboxImage images;

    public DockerSandboxFactory(DockerClient docker, URI dockerHost, SandboxImage images) {
        this.docker = docker;
        this.dockerHost = dockerHost;
        this.images = images;
    }

    @Override
    public Sandbox create(SandboxCreateRequest request) {
        SandboxClass cls = request.sandboxClass();
        String image = images.ensure(cls.image());
        String imageId = docker.inspectImageCmd(image).exec().getId();
        ContainerSpec spec = spec(request, image);
        CreateContainerCmd cmd = docker.createContainerCmd(image).withName(containerName(request));
        spec.applyTo(cmd);
        String containerId = cmd.exec().getId();
        AgentClient agent = null;
        try {
            docker.startContainerCmd(containerId).exec();
            agent = AgentAttachment.attach(dockerHost, containerId);
            agent.ping(FIRST_PING);
            return new DockerSandbox(request.sandboxId(), containerId, cls, imageId, agent, docker);
        } catch (RuntimeException e) {
            if (agent != null) {
                agent.close();
            }
            removeQuietly(containerId);
            throw e;
        }
    }

    @Override
    public int removeOrphans(String instanceId) {
        return new DockerOrphans(docker).removeAll(instanceId);
    }

    /**
     * The container spec for {@code request} on the derived {@code image}: the class's runtime and
     * hardening profile, the request's limits and labels, the agent as entrypoint.
     */
    static ContainerSpec spec(SandboxCreateRequest request, String image) {
        SandboxClass cls = request.sandboxClass();
        HardeningProfile profile = HardeningProfile.named(cls.hardeningProfile());
        return ContainerSpecs.forSandbox(image, SandboxRuntime.fromEngineName(cls.runtime()), profile,
                limits(profile, request.limits()), request.labels(), List.of(SandboxImage.AGENT_PATH));
    }

    /**
     * Memory, CPU and process ceilings (a class's, or a one-off sandbox's tighter ones) mapped onto
     * the profile's container limits; tmpfs sizes and rlimits stay the profile's. Throws
     * {@link dev.sandstage.error.SandstageFatalException} for a value below what a container can
     * have ({@link SandboxLimits#MIN_MEMORY_BYTES}, 0.01 CPU).
     */
    static SandboxLimits limits(HardeningProfile profile, ClassLimits limits) {
        return profile.defaultLimits()
                .withMemoryBytes(limits.memoryBytes())
                .withCpus(limits.cpus())
                .withPidsLimit(limits.pids());
    }

    private static String containerName(SandboxCreateRequest request) {
        return ("sandstage-" + request.instanceId() + "-" + request.sandboxId()).replaceAll("[^a-zA-Z0-9_.-]", "-");
    }

    private boolean removeQuietly(String containerId) {
        try {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            return true;
        } catch (NotFoundException gone) {
            return false;
        } catch (RuntimeException e) {
            LOG.warn("could not remove container {}: {}", containerId, e.toString());
            return false;
        }
    }
}
