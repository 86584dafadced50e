package dev.sandstage.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import dev.sandstage.host.BaseImage;
import dev.sandstage.host.DockerClients;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Creates long-running containers from real specs (a {@code sleep} stands in for the agent) on
 * the real engine, under runc and runsc, and checks every hardening setting in the inspect
 * output, which is what an auditor sees.
 */
class ContainerSpecInspectIT {

    private static DockerClient docker;

    @BeforeAll
    static void connect() {
        docker = DockerClients.connect();
        docker.inspectImageCmd(BaseImage.NAME).exec();
    }

    @AfterAll
    static void close() throws Exception {
        docker.close();
    }

    static List<Object[]> runtimesAndProfiles() {
        return Arrays.stream(SandboxRuntime.values())
                .flatMap(r -> HardeningProfile.presetNames().stream().map(p -> new Object[] {r, p}))
                .toList();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runtimesAndProfiles")
    void everyProfileStartsAndShowsItsHardeningInInspect(SandboxRuntime runtime, String profileName) {
        HardeningProfile profile = HardeningProfile.named(profileName);
        ContainerSpec spec = ContainerSpecs.forSandbox(BaseImage.NAME, runtime, profile,
                Map.of("sandstage.test", getClass().getSimpleName()), List.of("sleep", "300"));
        String id = spec.applyTo(docker.createContainerCmd(spec.image())).exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(docker.inspectContainerCmd(id).exec().getState().getRunning()).isTrue());
            InspectContainerResponse inspect = docker.inspectContainerCmd(id).exec();
            assertHostConfig(inspect.getHostConfig(), runtime, profile.defaultLimits(), profile);
            assertConfig(inspect, profile);
            assertThat(inspect.getMounts()).noneMatch(m -> String.valueOf(m.getSource()).contains("docker.sock"));
            assertThat(inspect.getMounts()).allSatisfy(m -> assertThat(m.getRW()).isFalse());
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @ParameterizedTest
    @EnumSource(SandboxRuntime.class)
    void pidsLimitIsSetUnderRuncAndReplacedByNprocAndAnOomScoreUnderRunsc(SandboxRuntime runtime) {
        ContainerSpec spec = ContainerSpecs.forSandbox(BaseImage.NAME, runtime, HardeningProfile.STRICT,
                Map.of("sandstage.test", getClass().getSimpleName()), List.of("true"));
        String id = spec.applyTo(docker.createContainerCmd(spec.image())).exec().getId();
        try {
            HostConfig host = docker.inspectContainerCmd(id).exec().getHostConfig();
            List<String> ulimits = Arrays.stream(host.getUlimits()).map(Ulimit::getName).toList();
            if (runtime == SandboxRuntime.RUNC) {
                assertThat(host.getPidsLimit()).isEqualTo(64L);
                assertThat(ulimits).doesNotContain("nproc");
                assertThat(host.getOomScoreAdj()).isIn(null, 0);
            } else {
                assertThat(host.getPidsLimit()).isIn(null, 0L, -1L);
                assertThat(ulimits).contains("nproc");
                assertThat(host.getOomScoreAdj()).isEqualTo(1000);
            }
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    private static void assertHostConfig(HostConfig host, SandboxRuntime runtime, SandboxLimits limits,
            HardeningProfile profile) {
        assertThat(host.getRuntime()).isEqualTo(runtime.engineName());
        assertThat(host.getPrivileged()).isFalse();
        assertThat(host.getReadonlyRootfs()).isEqualTo(profile.readOnlyRootfs());
        assertThat(host.getNetworkMode()).isEqualTo("none");
        assertThat(host.getPidMode()).isNotEqualTo("host");
        assertThat(host.getIpcMode()).isIn(profile.sharedMemory() ? "private" : "none");
        assertThat(host.getUtSMode()).isNotEqualTo("host");
        assertThat(host.getUsernsMode()).isNotEqualTo("host");
        assertThat(host.getMemory()).isEqualTo(limits.memoryBytes());
        assertThat(host.getMemorySwap()).isEqualTo(limits.memoryBytes());
        assertThat(host.getNanoCPUs()).isEqualTo(limits.nanoCpus());
        if (runtime == SandboxRuntime.RUNC) {
            assertThat(host.getPidsLimit()).isEqualTo(limits.pidsLimit());
        }
        assertThat(host.getSecurityOpts()).contains("no-new-privileges:true")
                .anySatisfy(o -> assertThat(o).startsWith("seccomp="))
                .noneMatch(o -> o.replace(" ", "").equals("seccomp=unconfined"));
        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).isNullOrEmpty();
        assertThat(host.getBinds()).isNullOrEmpty();
        assertThat(host.getMounts()).isNullOrEmpty();
        assertThat(host.getDevices()).isNullOrEmpty();
        assertThat(host.getTmpFs()).containsKeys("/workspace", "/tmp", "/dev/mqueue");
        assertThat(host.getTmpFs().get("/workspace")).contains("size=" + limits.workspaceBytes(), "uid=65534");
        assertThat(Arrays.stream(host.getUlimits()).map(Ulimit::getName)).contains("nofile", "fsize");
        assertThat(host.getInit()).isFalse();
    }

    private static void assertConfig(InspectContainerResponse inspect, HardeningProfile profile) {
        var config = inspect.getConfig();
        assertThat(config.getUser()).isEqualTo("65534:65534");
        assertThat(config.getTty()).isFalse();
        assertThat(config.getStdinOpen()).isTrue();
        assertThat(config.getStdInOnce()).isFalse();
        assertThat(config.getAttachStdin()).isTrue();
        assertThat(config.getNetworkDisabled()).isTrue();
        assertThat(config.getLabels()).containsEntry("sandstage.profile", profile.name());
        assertThat(inspect.getNetworkSettings().getNetworks()).doesNotContainKeys("bridge", "host");
    }
}
