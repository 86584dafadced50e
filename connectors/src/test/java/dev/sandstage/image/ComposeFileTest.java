package dev.sandstage.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sandstage.config.Quantities;
import dev.sandstage.config.StageConfig;
import dev.sandstage.config.StageConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code compose/docker-compose.yml}, its {@code stage.yaml} and the {@code Dockerfile} to
 * what the build produces and what the stage needs, so the deployment files cannot drift silently.
 */
class ComposeFileTest {

    private static final Path COMPOSE = composeDir();

    @Test
    void composeRunsTheImageTheBuildTagsOnTheHostNetworkWithTheEngineSocket() throws IOException {
        JsonNode stage = yaml(COMPOSE.resolve("docker-compose.yml")).at("/services/stage");

        assertThat(stage.path("image").asText()).isEqualTo(StageImage.LATEST);
        assertThat(stage.path("network_mode").asText()).isEqualTo("host");
        assertThat(texts(stage.path("volumes"))).contains("/var/run/docker.sock:/var/run/docker.sock");
        assertThat(texts(stage.path("group_add"))).singleElement().asString().startsWith("${SANDSTAGE_DOCKER_GID");
    }

    @Test
    void composeTakesTheBootstrapServersFromTheEnvironment() throws IOException {
        JsonNode env = yaml(COMPOSE.resolve("docker-compose.yml")).at("/services/stage/environment");

        assertThat(env.path("SANDSTAGE_KAFKA_BOOTSTRAP_SERVERS").asText()).startsWith("${SANDSTAGE_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void composeMountsConfigAndKeysReadOnlyAndKeepsStateInANamedVolume() throws IOException {
        JsonNode root = yaml(COMPOSE.resolve("docker-compose.yml"));
        JsonNode stage = root.at("/services/stage");
        List<String> volumes = texts(stage.path("volumes"));

        assertThat(texts(stage.path("command"))).containsExactly("--config", "/etc/sandstage/stage.yaml");
        assertThat(volumes).contains("./stage.yaml:/etc/sandstage/stage.yaml:ro", "./keys:" + StageImage.KEYS_DIR + ":ro",
                "sandstage-state:" + StageImage.STATE_DIR);
        assertThat(root.at("/volumes").has("sandstage-state")).isTrue();
    }

    @Test
    void composeWaitsLongerThanTheStagesShutdownGraceBeforeKilling() throws IOException {
        JsonNode stage = yaml(COMPOSE.resolve("docker-compose.yml")).at("/services/stage");
        StageConfig config = StageConfigLoader.load(Optional.of(COMPOSE.resolve("stage.yaml")),
                Map.of("SANDSTAGE_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"));

        assertThat(Quantities.parseDuration("stop_grace_period", stage.path("stop_grace_period").asText()))
                .isGreaterThan(config.stage().shutdownGrace());
    }

    @Test
    void dockerfileStartsFromTheLocalBaseAndRunsStageMainAsTheStageUser() throws IOException {
        List<String> lines = Files.readAllLines(COMPOSE.resolve("Dockerfile"));

        assertThat(lines).contains("FROM sandstage/base:bookworm", "USER " + StageImage.USER_ID + ":" + StageImage.USER_ID,
                "VOLUME [\"" + StageImage.STATE_DIR + "\"]");
        assertThat(String.join("\n", lines))
                .contains("SANDSTAGE_HOME=" + StageImage.STATE_DIR)
                .contains("SANDSTAGE_VERIFY_KEYS_DIR=" + StageImage.KEYS_DIR)
                .contains("\"dev.sandstage.stage.StageMain\"]");
    }

    private static JsonNode yaml(Path file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Surefire runs in the module directory; the compose directory is its sibling. */
    private static Path composeDir() {
        String root = System.getProperty("sandstage.repo.root");
        Path base = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        return base.resolve("compose");
    }
}
