package dev.sandstage.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostDoctorTest {

    private static final URI SOCKET = URI.create(DockerClients.DEFAULT_HOST);
    private static final long TEN_GIB = 10L << 30;

    private static HostFacts.Engine engine(Set<String> runtimes) {
        return new HostFacts.Engine(SOCKET, null, "20.10.24+dfsg1", "1.41", runtimes,
                List.of("name=seccomp,profile=default"), "1", "/var/lib/docker");
    }

    private static final HostFacts.Runsc TRIXIE_RUNSC =
            new HostFacts.Runsc(Path.of("/usr/bin/runsc"), "runsc version 0.0~20240729.0", null);

    private static HostFacts facts(HostFacts.Engine engine, String imageId, HostFacts.Toolchain toolchain) {
        return facts(engine, imageId, toolchain, TRIXIE_RUNSC);
    }

    private static HostFacts facts(HostFacts.Engine engine, String imageId, HostFacts.Toolchain toolchain,
            HostFacts.Runsc runsc) {
        return new HostFacts(new HostFacts.Jdk("Eclipse Adoptium 25.0.3", 25, Path.of("/usr/lib/jvm/temurin-25")),
                engine, new HostFacts.Kernel(true, 9, "v2"), imageId, toolchain,
                new HostFacts.Disk(Path.of("/work/.sandstage"), TEN_GIB),
                engine.reachable() ? new HostFacts.Disk(Path.of("/var/lib/docker"), TEN_GIB) : null, runsc);
    }

    private static HostCheck runscVersion(DoctorReport report) {
        return report.checks().stream().filter(c -> c.name().equals("runsc version")).findFirst().orElseThrow();
    }

    private static HostFacts.Toolchain gcc() {
        return new HostFacts.Toolchain("gcc (Debian 12.2.0-14) 12.2.0", Path.of("/usr/lib/x86_64-linux-gnu/libc.a"));
    }

    @Test
    void completeHostIsReadyAndExitsZero() {
        DoctorReport report = HostDoctor.examine(facts(engine(Set.of("runc", "runsc")), "sha256:87d67d8716a4aa", gcc()));

        assertThat(report.ready()).isTrue();
        assertThat(report.exitCode()).isZero();
        assertThat(report.lines()).last().isEqualTo("host is ready");
        assertThat(report.lines()).anySatisfy(l -> assertThat(l).startsWith("ok").contains("API 1.41"));
        assertThat(report.lines()).anySatisfy(l -> assertThat(l).contains("runtime runsc").contains("registered"));
        assertThat(report.lines()).contains(
                "ok       runsc version  gVisor 0.0~20240729.0 (released 2024-07-29) at /usr/bin/runsc");
    }

    @Test
    void runscOlderThan2024IsAWarningThatNamesItsVersionAndTheFixButDoesNotBlock() {
        HostFacts.Runsc bookworm = new HostFacts.Runsc(Path.of("/usr/bin/runsc"), "runsc version 0.0~20221219.0", null);

        DoctorReport report = HostDoctor.examine(facts(engine(Set.of("runc", "runsc")), "sha256:1", gcc(), bookworm));

        assertThat(report.ready()).isTrue();
        assertThat(report.exitCode()).isZero();
        assertThat(report.warnings()).singleElement().isEqualTo(runscVersion(report));
        assertThat(runscVersion(report).detail())
                .startsWith("gVisor 0.0~20221219.0 (released 2022-12-19) at /usr/bin/runsc, older than 2024");
        assertThat(report.lines()).anySatisfy(l -> assertThat(l).startsWith("warn     runsc version"));
        assertThat(report.lines()).containsSubsequence("host is ready, with warnings: runsc version",
                "hint: run ./sandstage prepare (as root) to fix what is warned about");
    }

    @Test
    void runscOfUnknownDateOrOutOfReachIsOnlyInformation() {
        HostFacts.Runsc dev = new HostFacts.Runsc(Path.of("/opt/gvisor/runsc"), "runsc version VERSION_MISSING", null);
        HostFacts.Runsc remote = HostFacts.Runsc.unknown("the engine at tcp://10.0.0.5:2376 is not on this host");

        HostFacts.Engine engine = engine(Set.of("runc", "runsc"));
        HostCheck devCheck = runscVersion(HostDoctor.examine(facts(engine, "sha256:1", gcc(), dev)));
        HostCheck remoteCheck = runscVersion(HostDoctor.examine(facts(engine, "sha256:1", gcc(), remote)));

        assertThat(devCheck.status()).isEqualTo(HostCheck.Status.INFO);
        assertThat(devCheck.detail()).isEqualTo("gVisor VERSION_MISSING (release date unknown) at /opt/gvisor/runsc");
        assertThat(remoteCheck.status()).isEqualTo(HostCheck.Status.INFO);
        assertThat(remoteCheck.detail()).isEqualTo("unknown: the engine at tcp://10.0.0.5:2376 is not on this host");
    }

    @Test
    void missingRunscAndBaseImageAreNamedWithThePrepareHint() {
        DoctorReport report = HostDoctor.examine(facts(engine(Set.of("runc")), null, gcc()));

        assertThat(report.exitCode()).isEqualTo(DoctorReport.EXIT_MISSING);
        assertThat(report.missing()).extracting(HostCheck::name).containsExactly("runtime runsc", "base image");
        assertThat(report.lines()).contains("host is not ready, missing: runtime runsc, base image");
        assertThat(report.lines()).last().asString().contains("./sandstage prepare");
    }

    @Test
    void unreachableEngineMakesEveryEngineItemMissing() {
        HostFacts.Engine down = HostFacts.Engine.unreachable(SOCKET, "No such file or directory");

        DoctorReport report = HostDoctor.examine(facts(down, null, gcc()));

        assertThat(report.missing()).extracting(HostCheck::name)
                .containsExactly("docker", "runtime runc", "runtime runsc", "seccomp", "base image", "disk docker");
        assertThat(report.missing().get(0).detail()).contains("No such file or directory");
    }

    @Test
    void gccWithoutStaticLibcIsMissing() {
        HostFacts.Toolchain noLibc = new HostFacts.Toolchain("gcc (Debian 12.2.0-14) 12.2.0", null);

        DoctorReport report = HostDoctor.examine(facts(engine(Set.of("runc", "runsc")), "sha256:1", noLibc));

        assertThat(report.missing()).singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("no static libc"));
    }

    @Test
    void oldJdkAndFullDiskBlockWhileUserNamespacesOnlyInform() {
        HostFacts ready = facts(engine(Set.of("runc", "runsc")), "sha256:1", gcc());
        HostFacts degraded = new HostFacts(new HostFacts.Jdk("17.0.9", 17, Path.of("/usr/lib/jvm/17")),
                ready.engine(), new HostFacts.Kernel(true, 0, "v1"), ready.baseImageId(), ready.toolchain(),
                new HostFacts.Disk(Path.of("/work/.sandstage"), 100L << 20), ready.dockerRootDisk(), ready.runsc());

        DoctorReport report = HostDoctor.examine(degraded);

        assertThat(report.missing()).extracting(HostCheck::name).containsExactly("jdk", "disk state");
        assertThat(report.checks()).filteredOn(c -> c.name().equals("userns"))
                .singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(HostCheck.Status.INFO));
    }
}
