package dev.sandstage.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import dev.sandstage.host.BaseImage;
import dev.sandstage.host.DockerClients;
import dev.sandstage.host.HostPreparer;
import dev.sandstage.host.StateDirectory;
import dev.sandstage.pool.SandboxLabels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Orphan removal against the real engine: containers of this instance go, in any state; a
 * container of another instance stays. Every container the test makes is labelled and removed.
 */
class DockerOrphansIT {

    private static DockerClient docker;
    private final List<String> made = new ArrayList<>();

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

    @AfterEach
    void removeWhatTheTestMade() {
        for (String id : made) {
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (NotFoundException e) {
                // Removed by the code under test, as intended.
            }
        }
    }

    @Test
    void removesEveryContainerOfTheInstanceInAnyStateAndLeavesOtherInstancesAlone() {
        String instance = "orphans-it-" + UUID.randomUUID();
        String otherInstance = "orphans-it-other-" + UUID.randomUUID();
        String running = sleeper(instance, true);
        String neverStarted = sleeper(instance, false);
        String otherRunning = sleeper(otherInstance, true);
        DockerOrphans orphans = new DockerOrphans(docker);
        assertThat(orphans.list(instance)).containsExactlyInAnyOrder(running, neverStarted);

        int removed = orphans.removeAll(instance);

        assertThat(removed).isEqualTo(2);
        assertThat(orphans.list(instance)).isEmpty();
        assertThat(exists(running)).isFalse();
        assertThat(exists(neverStarted)).isFalse();
        assertThat(exists(otherRunning)).isTrue();
        assertThat(docker.inspectContainerCmd(otherRunning).exec().getState().getRunning()).isTrue();
        assertThat(orphans.list(otherInstance)).containsExactly(otherRunning);
        assertThat(orphans.removeAll(instance)).isZero();
    }

    private String sleeper(String instance, boolean start) {
        String id = docker.createContainerCmd(BaseImage.NAME)
                .withCmd("sleep", "300")
                .withLabels(Map.of(SandboxLabels.INSTANCE, instance, SandboxLabels.CLASS, "orphans-it",
                        "sandstage.test", getClass().getSimpleName()))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                .exec()
                .getId();
        made.add(id);
        if (start) {
            docker.startContainerCmd(id).exec();
        }
        return id;
    }

    private static boolean exists(String id) {
        try {
            docker.inspectContainerCmd(id).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
