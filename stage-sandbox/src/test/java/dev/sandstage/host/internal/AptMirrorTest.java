package dev.sandstage.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptMirrorTest {

    private static final String DEB822 = """
            Types: deb
            # http://snapshot.debian.org/archive/debian/20250520T000000Z
            URIs: http://mirror.example.org/debian/
            Suites: bookworm bookworm-updates
            Components: main
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

            Types: deb
            URIs: http://mirror.example.org/debian-security
            Suites: bookworm-security
            Components: main
            """;

    @Test
    void deb822StanzaForTheSuiteGivesItsUri() {
        assertThat(AptMirror.fromDeb822(DEB822, "bookworm")).contains("http://mirror.example.org/debian");
    }

    @Test
    void deb822SecurityStanzaIsNotTakenForTheMainSuite() {
        String onlySecurity = DEB822.substring(DEB822.indexOf("\n\n") + 2);

        assertThat(AptMirror.fromDeb822(onlySecurity, "bookworm")).isEmpty();
    }

    @Test
    void deb822DisabledOrSourceOnlyStanzasAreSkipped() {
        String text = """
                Types: deb-src
                URIs: http://src.example.org/debian
                Suites: bookworm

                Types: deb
                URIs: http://off.example.org/debian
                Suites: bookworm
                Enabled: no

                Types: deb
                URIs: https://on.example.org/debian
                Suites: bookworm
                """;

        assertThat(AptMirror.fromDeb822(text, "bookworm")).contains("https://on.example.org/debian");
    }

    @Test
    void oneLineFormatWithOptionsGivesItsUri() {
        String text = """
                # deb http://commented.example.org/debian bookworm main
                deb-src http://src.example.org/debian bookworm main
                deb http://security.example.org/debian-security bookworm-security main
                deb [arch=amd64 signed-by=/usr/share/keyrings/debian.gpg] http://ftp.example.org/debian/ bookworm main contrib
                """;

        assertThat(AptMirror.fromOneLine(text, "bookworm")).contains("http://ftp.example.org/debian");
    }

    @Test
    void hostWithoutSourcesFallsBackToDebianRedirector(@TempDir Path etcApt) {
        assertThat(AptMirror.forHost(etcApt, "bookworm")).isEqualTo(AptMirror.FALLBACK);
    }

    @Test
    void hostSourcesDirectoryWinsOverSourcesList(@TempDir Path etcApt) throws Exception {
        Files.createDirectories(etcApt.resolve("sources.list.d"));
        Files.writeString(etcApt.resolve("sources.list.d/debian.sources"), DEB822);
        Files.writeString(etcApt.resolve("sources.list"), "deb http://old.example.org/debian bookworm main\n");

        assertThat(AptMirror.forHost(etcApt, "bookworm")).isEqualTo("http://mirror.example.org/debian");
    }

    @Test
    void hostSourcesListIsReadWhenNoDeb822FileNamesTheSuite(@TempDir Path etcApt) throws Exception {
        Files.createDirectories(etcApt.resolve("sources.list.d"));
        Files.writeString(etcApt.resolve("sources.list.d/other.sources.disabled"), DEB822);
        Files.writeString(etcApt.resolve("sources.list"), "deb http://old.example.org/debian bookworm main\n");

        assertThat(AptMirror.forHost(etcApt, "bookworm")).isEqualTo("http://old.example.org/debian");
    }

    @Test
    void hostSuiteIsTheCodenameInOsRelease(@TempDir Path etc) throws Exception {
        Path osRelease = etc.resolve("os-release");
        Files.writeString(osRelease, "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\n"
                + "VERSION_CODENAME=bookworm\nID=debian\n");

        assertThat(AptMirror.hostSuite(osRelease, "fallback")).isEqualTo("bookworm");
        assertThat(AptMirror.hostSuite(etc.resolve("missing"), "fallback")).isEqualTo("fallback");
    }
}
