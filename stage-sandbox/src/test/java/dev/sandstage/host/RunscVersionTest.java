package dev.sandstage.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RunscVersionTest {

    @Test
    void debianPackageVersionGivesItsReleaseDate() {
        RunscVersion bookworm = RunscVersion.parse("runsc version 0.0~20221219.0\nspec: 1.0.2-dev\n");

        assertThat(bookworm.text()).isEqualTo("0.0~20221219.0");
        assertThat(bookworm.released()).isEqualTo(LocalDate.of(2022, 12, 19));
        assertThat(bookworm.outdated()).isTrue();
        assertThat(bookworm.current()).isFalse();
        assertThat(bookworm).hasToString("0.0~20221219.0 (released 2022-12-19)");
    }

    @Test
    void trixiePackageAndUpstreamReleaseTagAreCurrent() {
        RunscVersion trixie = RunscVersion.parse("runsc version 0.0~20240729.0\nspec: 1.2.0\n");
        RunscVersion upstream = RunscVersion.parse("runsc version release-20251110.0\nspec: 1.1.0-rc.1\n");

        assertThat(trixie.released()).isEqualTo(LocalDate.of(2024, 7, 29));
        assertThat(trixie.current()).isTrue();
        assertThat(trixie.outdated()).isFalse();
        assertThat(upstream.text()).isEqualTo("release-20251110.0");
        assertThat(upstream.current()).isTrue();
    }

    @Test
    void theLastDayOf2023IsOutdatedAndTheFirstOf2024Current() {
        assertThat(RunscVersion.parse("runsc version release-20231231.0").outdated()).isTrue();
        assertThat(RunscVersion.parse("runsc version release-20240101.0").current()).isTrue();
    }

    @Test
    void aDevelopmentBuildHasNoDateAndIsNeitherCurrentNorOutdated() {
        RunscVersion dev = RunscVersion.parse("runsc version VERSION_MISSING\nspec: 1.1.0\n");

        assertThat(dev.text()).isEqualTo("VERSION_MISSING");
        assertThat(dev.dated()).isFalse();
        assertThat(dev.current()).isFalse();
        assertThat(dev.outdated()).isFalse();
        assertThat(dev).hasToString("VERSION_MISSING (release date unknown)");
    }

    @Test
    void anImpossibleDateOrForeignOutputGivesNoDate() {
        assertThat(RunscVersion.parse("runsc version release-20241399.0").dated()).isFalse();
        assertThat(RunscVersion.parse("runsc: command not found").text()).isNull();
        assertThat(RunscVersion.parse(null)).hasToString("unknown version");
    }
}
