package dev.sandstage.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import dev.sandstage.error.SandstageFatalException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerSpecsTest {

    private static final List<String> AGENT = List.of("/opt/sandstage/agent");

    private static ContainerSpec spec(SandboxRuntime runtime, HardeningProfile profile) {
        return ContainerSpecs.forSandbox("img:1", runtime, profile, Map.of("sandstage.class", "c1"), AGENT);
    }

    @Test
    void strictRuncSpecCarriesEveryHardeningSetting() {
        HostConfig host = spec(SandboxRuntime.RUNC, HardeningProfile.STRICT).hostConfig();
        SandboxLimits limits = HardeningProfile.STRICT.defaultLimits();
        assertThat(host.getRuntime()).isEqualTo("runc");
        assertThat(host.getPrivileged()).isFalse();
        assertThat(host.getReadonlyRootfs()).isTrue();
        assertThat(host.getNetworkMode()).isEqualTo("none");
        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).isNullOrEmpty();
        assertThat(host.getSecurityOpts()).contains("no-new-privileges:true")
                .anySatisfy(o -> assertThat(o).startsWith("seccomp={"))
                .noneMatch(o -> o.contains("unconfined"));
        assertThat(host.getMemory()).isEqualTo(limits.memoryBytes());
        assertThat(host.getMemorySwap()).isEqualTo(limits.memoryBytes());
        assertThat(host.getNanoCPUs()).isEqualTo(limits.nanoCpus());
        assertThat(host.getPidsLimit()).isEqualTo(limits.pidsLimit());
        assertThat(host.getOomScoreAdj()).isNull();
        assertThat(host.getIpcMode()).isEqualTo("none");
        assertThat(host.getShmSize()).isNull();
        assertThat(host.getInit()).isFalse();
        assertThat(host.getBinds()).isNullOrEmpty();
        assertThat(host.getMounts()).isNullOrEmpty();
        assertThat(ulimitNames(host)).containsExactly("nofile", "fsize");
    }

    @Test
    void strictTmpfsIsSizedOwnedBySandboxUserAndNotExecutable() {
        Map<String, String> tmpfs = spec(SandboxRuntime.RUNC, HardeningProfile.STRICT).tmpfs();
        assertThat(tmpfs).containsOnlyKeys("/workspace", "/tmp", "/dev/mqueue");
        assertThat(tmpfs.get("/workspace")).contains("noexec", "nosuid", "nodev", "uid=65534", "gid=65534",
                "size=" + (64L << 20), "nr_inodes=4096");
        assertThat(tmpfs.get("/tmp")).contains("noexec", "nosuid", "nodev", "uid=65534", "size=" + (16L << 20));
        assertThat(tmpfs.get("/dev/mqueue")).startsWith("ro,");
    }

    @Test
    void runscSpecHasNoPidsLimitButAnNprocRlimitAndPutsItsSentryFirstForTheOomKiller() {
        ContainerSpec spec = spec(SandboxRuntime.RUNSC, HardeningProfile.STRICT);
        HostConfig host = spec.hostConfig();
        assertThat(host.getRuntime()).isEqualTo("runsc");
        assertThat(host.getPidsLimit()).isNull();
        assertThat(host.getOomScoreAdj()).isEqualTo(1000);
        assertThat(Arrays.stream(host.getUlimits()).filter(u -> u.getName().equals("nproc")))
                .singleElement()
                .satisfies(u -> assertThat(u.getHard()).isEqualTo(u.getSoft()).isEqualTo(64L));
        assertThat(spec.tmpfs()).containsKey("/tmp");
    }

    @Test
    void moderateAllowsWorkspaceExecAndAPrivateSharedMemory() {
        ContainerSpec spec = spec(SandboxRuntime.RUNC, HardeningProfile.MODERATE);
        assertThat(spec.tmpfs().get("/workspace")).startsWith("rw,exec,");
        assertThat(spec.tmpfs().get("/tmp")).contains("noexec");
        assertThat(spec.ipcMode()).isEqualTo("private");
        assertThat(spec.shmBytes()).isEqualTo(16L << 20);
    }

    @Test
    void lenientHasAWritableRootButBoundsVarTmp() {
        ContainerSpec spec = spec(SandboxRuntime.RUNC, HardeningProfile.LENIENT);
        assertThat(spec.readonlyRootfs()).isFalse();
        assertThat(spec.tmpfs()).containsKey("/var/tmp");
        assertThat(spec.hostConfig().getCapDrop()).containsExactly(Capability.ALL);
        assertThat(spec.hostConfig().getNetworkMode()).isEqualTo("none");
    }

    @Test
    void containerRunsAsNobodyWithTheCommandAsEntrypointAndTheProfileLabel() {
        ContainerSpec spec = spec(SandboxRuntime.RUNC, HardeningProfile.MODERATE);
        assertThat(spec.user()).isEqualTo("65534:65534");
        assertThat(spec.workingDir()).isEqualTo("/workspace");
        assertThat(spec.entrypoint()).isEqualTo(AGENT);
        assertThat(spec.labels()).containsEntry("sandstage.class", "c1").containsEntry("sandstage.profile", "moderate");
        assertThat(spec.env()).contains("HOME=/workspace", "TMPDIR=/tmp");
    }

    @Test
    void explicitLimitsOverrideTheProfileDefaults() {
        SandboxLimits limits = HardeningProfile.STRICT.defaultLimits().withMemoryBytes(64L << 20).withCpus(0.25);
        HostConfig host = ContainerSpecs.forSandbox("img", SandboxRuntime.RUNC, HardeningProfile.STRICT, limits,
                Map.of(), AGENT).hostConfig();
        assertThat(host.getMemory()).isEqualTo(64L << 20);
        assertThat(host.getMemorySwap()).isEqualTo(64L << 20);
        assertThat(host.getNanoCPUs()).isEqualTo(250_000_000L);
    }

    @Test
    void missingImageOrCommandIsAFatalErrorNamingTheField() {
        assertThatThrownBy(() -> ContainerSpecs.forSandbox(" ", SandboxRuntime.RUNC, HardeningProfile.STRICT,
                Map.of(), AGENT)).isInstanceOf(SandstageFatalException.class).hasMessageContaining("field=image");
        assertThatThrownBy(() -> ContainerSpecs.forSandbox("img", SandboxRuntime.RUNC, HardeningProfile.STRICT,
                Map.of(), List.of())).hasMessageContaining("field=command");
    }

    private static List<String> ulimitNames(HostConfig host) {
        return Arrays.stream(host.getUlimits()).map(Ulimit::getName).toList();
    }
}
