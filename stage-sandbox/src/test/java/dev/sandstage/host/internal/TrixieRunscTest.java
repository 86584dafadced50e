package dev.sandstage.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrixieRunscTest {

    @Test
    void theSourceIsTrixieMainOnTheHostsMirrorCheckedByTheArchiveKeyring() {
        String sources = TrixieRunsc.sources("http://mirror.example.org/debian", "amd64");

        assertThat(sources.lines().filter(l -> !l.startsWith("#"))).containsExactly(
                "Types: deb",
                "URIs: http://mirror.example.org/debian",
                "Suites: trixie",
                "Components: main",
                "Architectures: amd64",
                "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg");
        assertThat(AptMirror.fromDeb822(sources, "trixie")).contains("http://mirror.example.org/debian");
    }

    @Test
    void thePinAdmitsRunscFromTrixieAndNothingElse() {
        assertThat(TrixieRunsc.preferences().lines().filter(l -> !l.startsWith("#"))).containsExactly(
                "Package: runsc",
                "Pin: release n=trixie",
                "Pin-Priority: 990",
                "",
                "Package: *",
                "Pin: release n=trixie",
                "Pin-Priority: -1");
    }

    @Test
    void theHandCommandsWriteBothFilesThenInstallFromTrixieOnly() {
        TrixieRunsc trixie = new TrixieRunsc(Path.of("/etc/apt"));

        assertThat(trixie.sourcesFile()).isEqualTo(Path.of("/etc/apt/sources.list.d/sandstage-trixie-runsc.sources"));
        assertThat(trixie.preferencesFile()).isEqualTo(Path.of("/etc/apt/preferences.d/sandstage-trixie-runsc"));
        assertThat(trixie.commands("http://deb.debian.org/debian", "amd64")).satisfiesExactly(
                c -> assertThat(c).startsWith("cat > /etc/apt/sources.list.d/sandstage-trixie-runsc.sources <<'EOF'\n")
                        .contains("Suites: trixie").endsWith("\nEOF"),
                c -> assertThat(c).startsWith("cat > /etc/apt/preferences.d/sandstage-trixie-runsc <<'EOF'\n")
                        .contains("Pin-Priority: -1").endsWith("\nEOF"),
                c -> assertThat(c).isEqualTo("apt-get update -o Dir::Etc::SourceList="
                        + "/etc/apt/sources.list.d/sandstage-trixie-runsc.sources -o Dir::Etc::SourceParts=- "
                        + "-o APT::Get::List-Cleanup=0"),
                c -> assertThat(c).isEqualTo(
                        "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends runsc/trixie"));
    }
}
