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

    private static HostFacts facts(HostFacts.Engine engine, String imageId, HostFacts.Toolchain toolchain) {
        return new HostFacts(new HostFacts.Jdk("Eclipse Adoptium 25.0.3", 25, Path.of("/usr/lib/jvm/temurin-25")),
                engine, new HostFacts.Kernel(true, 9, "v2"), imageId, toolchain,
                new HostFacts.Disk(Path.of("/work/.sandstage"), TEN_GIB),
                engine.reachable() ? new HostFacts.Disk(Path.of("/var/lib/docker"), TEN_GIB) : null);
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
                new HostFacts.Disk(Path.of("/work/.sandstage"), 100L << 20), ready.dockerRootDisk());

        DoctorReport report = HostDoctor.examine(degraded);

        assertThat(report.missing()).extracting(HostCheck::name).containsExactly("jdk", "disk state");
        assertThat(report.checks()).filteredOn(c -> c.name().equals("userns"))
                .singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(HostCheck.Status.INFO));
    }
}
