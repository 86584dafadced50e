package dev.sandstage.pool.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.sandstage.error.SandstageRetriableException;
import dev.sandstage.pool.SandboxLabels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and force-removes the containers labelled with one stage instance id
 * ({@link SandboxLabels#INSTANCE}), in any state: what an earlier run of the instance left
 * behind, or what is left when the pool closes. The Docker-backed
 * {@link dev.sandstage.pool.SandboxFactory#removeOrphans} delegates here.
 *
 * <p>Blocking engine calls; called on the pool's worker threads. Holds no state besides the
 * (thread-safe) client, so concurrent calls are fine.
 */
public final class DockerOrphans {

    private static final Logger LOG = LoggerFactory.getLogger(DockerOrphans.class);

    private final DockerClient docker;

    public DockerOrphans(DockerClient docker) {
        this.docker = docker;
    }

    /** Ids of every container, running or not, labelled with {@code instanceId}. */
    public List<String> list(String instanceId) {
        List<Container> containers = docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(SandboxLabels.INSTANCE, instanceId))
                .exec();
        return containers.stream().map(Container::getId).toList();
    }

    /**
     * Force-removes every container labelled with {@code instanceId} and returns how many went.
     * Tries all of them before failing; throws {@link SandstageRetriableException} naming those
     * it could not remove.
     */
    public int removeAll(String instanceId) {
        int removed = 0;
        List<String> failed = new ArrayList<>();
        RuntimeException lastError = null;
        for (String id : list(instanceId)) {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
                removed++;
            } catch (NotFoundException e) {
                // Gone between listing and removal: that is the outcome we wanted.
                LOG.debug("orphan {} already gone", id);
            } catch (ConflictException e) {
                // The engine is already removing it (HTTP 409, "removal ... already in progress").
                LOG.debug("orphan {} is already being removed: {}", id, e.getMessage());
            } catch (RuntimeException e) {
                failed.add(id);
                lastError = e;
            }
        }
        if (!failed.isEmpty()) {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("instance", instanceId);
            context.put("containers", failed);
            throw new SandstageRetriableException("cannot remove orphaned sandbox containers", context, lastError);
        }
        return removed;
    }
}
