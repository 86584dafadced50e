package dev.sandstage.pool.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Asks the engine why a container's agent went away. Called by {@code DockerSandbox} on the
 * lease holder's thread after the attached stream ended mid-call; blocks up to the given time
 * while the engine catches up with the container's exit.
 */
public final class ContainerDeath {

    private ContainerDeath() {}

    /**
     * True when the container stopped because the kernel's OOM killer ended it (the engine's
     * {@code State.OOMKilled}). False when it is still running after {@code wait}, stopped for
     * another reason, or is gone.
     */
    public static boolean oomKilled(DockerClient docker, String containerId, Duration wait) {
        try (WaitContainerResultCallback exit = docker.waitContainerCmd(containerId).start()) {
            if (!exit.awaitCompletion(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            return Boolean.TRUE.equals(docker.inspectContainerCmd(containerId).exec().getState().getOOMKilled());
        } catch (NotFoundException gone) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
