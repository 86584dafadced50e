package dev.sandstage.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.HostConfig;
import org.junit.jupiter.api.Test;

/** How a one-off sandbox's tighter limits reach the container spec, next to a pooled one's. */
class OneOffSpecTest {

    private static final long MIB = 1L << 20;
    private static final SandboxClass CLASS = SandboxClass.of("python", "sandstage/base:bookworm", 1, 2);

    @Test
    void aOneOffRequestCarriesItsLimitsIntoMemorySwapAndNanoCpus() {
        SandboxCreateRequest request = new SandboxCreateRequest("stage-1", "python-once-7", CLASS,
                new ClassLimits(96 * MIB, 0.25, CLASS.limits().pids()), true);

        HostConfig host = DockerSandboxFactory.spec(request, "img:1").hostConfig();

        assertThat(host.getMemory()).isEqualTo(96 * MIB);
        assertThat(host.getMemorySwap()).isEqualTo(96 * MIB);
        assertThat(host.getNanoCPUs()).isEqualTo(250_000_000L);
        assertThat(host.getPidsLimit()).isEqualTo(CLASS.limits().pids());
    }

    @Test
    void aOneOffSpecDiffersFromItsClassOnlyInMemoryCpuAndItsLabels() {
        ContainerSpec pooled = DockerSandboxFactory.spec(new SandboxCreateRequest("stage-1", "python-1", CLASS), "img:1");
        ContainerSpec oneOff = DockerSandboxFactory.spec(new SandboxCreateRequest("stage-1", "python-once-2", CLASS,
                new ClassLimits(96 * MIB, 0.25, CLASS.limits().pids()), true), "img:1");

        assertThat(pooled.memoryBytes()).isEqualTo(CLASS.limits().memoryBytes());
        assertThat(oneOff).usingRecursiveComparison()
                .ignoringFields("memoryBytes", "nanoCpus", "labels").isEqualTo(pooled);
        assertThat(oneOff.labels()).containsEntry(SandboxLabels.INSTANCE, "stage-1")
                .containsEntry(SandboxLabels.CLASS, "python").containsEntry(SandboxLabels.SANDBOX, "python-once-2")
                .containsEntry(SandboxLabels.ONE_OFF, "true").containsKey(ContainerSpecs.PROFILE_LABEL);
        assertThat(pooled.labels()).doesNotContainKey(SandboxLabels.ONE_OFF);
    }
}
