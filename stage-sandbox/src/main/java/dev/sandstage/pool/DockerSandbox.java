package dev.sandstage.pool;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandstage.agent.AgentClient;
import dev.sandstage.agent.AgentProtocolException;
import dev.sandstage.agent.CapturedOutput;
import dev.sandstage.agent.RunReason;
import dev.sandstage.pool.internal.ContainerDeath;
import dev.sandstage.agent.RunRequest;
import dev.sandstage.agent.RunResult;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Sandbox} backed by one Docker container whose PID 1 is the Sandstage agent, reached
 * over the container's attached stdin/stdout. Made by {@link DockerSandboxFactory}.
 *
 * <p>Threads: the lease holder calls {@link #execute} (one call at a time; the agent client
 * serialises anyway); the pool calls the {@link Sandbox} methods on its worker threads, never
 * while the sandbox is leased. Identity accessors are immutable.
 */
public final class DockerSandbox implements Sandbox {

    private static final Logger LOG = LoggerFactory.getLogger(DockerSandbox.class);
    /** How long to wait for the engine to notice a container whose agent went away. */
    private static final Duration OOM_CHECK = Duration.ofSeconds(3);

    private final String id;
    private final String containerId;
    private final SandboxClass sandboxClass;
    private final String imageId;
    private final AgentClient agent;
    private final DockerClient docker;
    private final AtomicBoolean destroyed = new AtomicBoolean();

    DockerSandbox(String id, String containerId, SandboxClass sandboxClass, String imageId, AgentClient agent,
            DockerClient docker) {
        this.id = id;
        this.containerId = containerId;
        this.sandboxClass = sandboxClass;
        this.imageId = imageId;
        this.agent = agent;
        this.docker = docker;
    }

    /**
     * Runs one tool call and returns what the agent reported, as soon as the tool ended (the
     * agent cleans up afterwards; the pool waits for that in {@link #recycle}). Throws
     * {@link dev.sandstage.agent.AgentProtocolException} when the agent is lost or misses
     * {@code deadline}; the caller then releases with {@link DestroyReason#AGENT_LOST}.
     *
     * <p>Whether the workspace survives the call is the request's {@link RunRequest#wipe()}:
     * the caller sets it false for a session-pinned lease and true otherwise; {@link #recycle}
     * then only waits for the agent's cleanup, and {@link #reset} wipes everything when the pin
     * ends.
     */
    public RunResult execute(RunRequest request, Duration deadline) {
        long start = System.nanoTime();
        try {
            return agent.run(request, deadline);
        } catch (AgentProtocolException lost) {
            // Under runsc the host's OOM killer takes the whole sandbox down (gVisor does not
            // enforce the limit inside), so the agent is simply gone; the engine knows why.
            if (ContainerDeath.oomKilled(docker, containerId, OOM_CHECK)) {
                return oomResult(Duration.ofNanos(System.nanoTime() - start));
            }
            throw lost;
        }
    }

    private static RunResult oomResult(Duration wall) {
        return new RunResult(RunReason.OOM, -1, 9, wall, Duration.ZERO, 0, CapturedOutput.EMPTY, CapturedOutput.EMPTY,
                "the container was killed for exceeding its memory limit (OOMKilled); its agent went with it");
    }

    /**
     * How to hand the sandbox back after a call that returned {@code result}: a timeout or an
     * OOM kill leaves a sandbox that is destroyed and replaced, never reused; everything else
     * (the agent killed what was left and restores the sandbox itself) may be reused.
     */
    public static ReleaseOutcome outcomeOf(RunResult result) {
        return switch (result.reason()) {
            case TIMEOUT -> ReleaseOutcome.destroy(DestroyReason.TIMED_OUT);
            case OOM -> ReleaseOutcome.destroy(DestroyReason.OOM);
            case EXITED, KILLED, OUTPUT_LIMIT, SPAWN_FAILED -> ReleaseOutcome.REUSE;
        };
    }

    /** The OCI runtime the container runs under ({@code runc} or {@code runsc}). */
    public String runtime() {
        return sandboxClass.runtime();
    }

    /** The id of the derived image (tool image plus agent) the container runs. */
    public String imageDigest() {
        return imageId;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String containerId() {
        return containerId;
    }

    @Override
    public SandboxClass sandboxClass() {
        return sandboxClass;
    }

    @Override
    public boolean ping(Duration timeout) {
        agent.ping(timeout);
        return true;
    }

    @Override
    public boolean recycle(Duration timeout) {
        if (agent.readyPending()) {
            agent.awaitReady(timeout);
        }
        return true;
    }

    @Override
    public boolean reset(Duration timeout) {
        agent.reset(timeout);
        return true;
    }

    @Override
    public void destroy() {
        if (!destroyed.compareAndSet(false, true)) {
            return;
        }
        agent.close();
        try {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
            LOG.debug("sandbox {} container {} already gone", id, containerId);
        }
    }

    @Override
    public String toString() {
        return "DockerSandbox[" + id + ", " + containerId.substring(0, Math.min(12, containerId.length())) + ", "
                + sandboxClass.runtime() + "]";
    }
}
