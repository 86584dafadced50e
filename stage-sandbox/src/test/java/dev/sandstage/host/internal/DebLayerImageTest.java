package dev.sandstage.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DebLayerImageTest {

    private static final DebLayerImage PYTHON = new DebLayerImage(null, "sandstage/python", List.of("python3"));

    @Test
    void theTagNamesTheParentAndThePackagesAndNothingElse() {
        String tag = PYTHON.tagFor("sha256:aaa");

        assertThat(tag).matches("sandstage/python:[0-9a-f]{24}");
        assertThat(PYTHON.tagFor("sha256:aaa")).isEqualTo(tag);
        assertThat(PYTHON.tagFor("sha256:bbb")).isNotEqualTo(tag);
        assertThat(new DebLayerImage(null, "sandstage/python", List.of("python3", "python3-venv"))
                .tagFor("sha256:aaa")).isNotEqualTo(tag);
    }

    @Test
    void theBuildInstallsTheLocalPackagesOfflineAndLeavesNoPackageFilesOrCaches() {
        String dockerfile = DebLayerImage.dockerfile("sha256:aaa");

        assertThat(dockerfile).startsWith("FROM sha256:aaa\nCOPY debs/ /tmp/debs/\nRUN ")
                .contains("apt-get install -y --no-install-recommends", " /tmp/debs/*.deb ")
                .contains("rm -rf /tmp/debs ", "/var/lib/apt/lists/*")
                .doesNotContain("apt-get update");
    }
}
