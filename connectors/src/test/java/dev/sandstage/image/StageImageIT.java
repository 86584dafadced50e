package dev.sandstage.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import dev.sandstage.host.DockerClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * What {@code ./sandstage image} leaves on the engine: {@link StageImage#ensure} builds the image
 * for the current jars at most once, points {@value StageImage#LATEST} at it, and the image's
 * Java runtime is the jlink'ed one, not a whole JDK.
 */
class StageImageIT {

    @TempDir
    Path work;

    @Test
    void aSecondBuildForTheSameJarsBuildsNothingAndLatestNamesTheImage() throws Exception {
        try (DockerClient docker = DockerClients.connect()) {
            List<String> first = new ArrayList<>();
            List<String> second = new ArrayList<>();

            String tag = new StageImage(docker, sources(), first::add).ensure();
            String again = new StageImage(docker, sources(), second::add).ensure();

            assertThat(again).isEqualTo(tag);
            assertThat(second).noneMatch(l -> l.startsWith("building")).anyMatch(l -> l.contains("nothing to build"));
            InspectImageResponse image = docker.inspectImageCmd(tag).exec();
            assertThat(docker.inspectImageCmd(StageImage.LATEST).exec().getId()).isEqualTo(image.getId());
            assertThat(image.getConfig().getLabels())
                    .containsEntry(StageImage.LABEL_INPUTS_SHA256, tag.substring(tag.indexOf(':') + 1));
            assertThat(image.getConfig().getUser()).isEqualTo(StageImage.USER_ID + ":" + StageImage.USER_ID);
            assertThat(image.getConfig().getEntrypoint()).contains("dev.sandstage.stage.StageMain");
        }
    }

    @Test
    void theImagesJavaRuntimeHoldsTheStagesModulesAndNoCompilerOrShell() throws Exception {
        String tag;
        try (DockerClient docker = DockerClients.connect()) {
            tag = new StageImage(docker, sources(), line -> {}).ensure();
        }
        try (GenericContainer<?> java = new GenericContainer<>(DockerImageName.parse(tag))
                .withNetworkMode("none")
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/opt/sandstage/java/bin/java"))
                .withCommand("--list-modules")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
            java.start();
            String modules = java.getLogs();

            assertThat(modules).contains("java.base@", "java.naming@", "java.management@", "jdk.unsupported@");
            assertThat(modules).doesNotContain("jdk.compiler@", "jdk.jshell@", "jdk.jlink@", "jdk.jdeps@");
        }
    }

    private StageImageSources sources() {
        return StageImageSources.ofCheckout(Path.of(System.getProperty("sandstage.repo.root")), work);
    }
}
