package dev.sandstage.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Volume;
import dev.sandstage.config.TopicSettings;
import dev.sandstage.connectors.DecisionPublisher;
import dev.sandstage.connectors.DevKeys;
import dev.sandstage.connectors.ResultSubscriber;
import dev.sandstage.connectors.StartPosition;
import dev.sandstage.connectors.TopicSetup;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import dev.sandstage.host.DockerClients;
import dev.sandstage.host.StateDirectory;
import dev.sandstage.pool.SandboxLabels;
import dev.sandstage.testing.KafkaBrokerExtension;
import dev.sandstage.testing.KafkaTestBroker;
import dev.sandstage.verify.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * Runs the stage's own container image the way {@code compose/docker-compose.yml} does: built by
 * Testcontainers from {@code compose/Dockerfile} on the local base image (the context, with its
 * jlink'ed runtime, assembled by {@link StageImage}), host network, the engine socket bound and
 * the socket's group added, a config file and the keys directory bound read-only, against the
 * in-JVM broker. A signed {@code echo} decision must come back SUCCEEDED from a sandbox the
 * container created on the host's engine; {@code docker stop} must end it with exit code 0 and
 * no sandbox of the instance left.
 *
 * <p>The image build is cached by content: the engine reuses every layer while the jars, the
 * Dockerfile, the base image and the JDK stay the same, and the runtime is linked once into
 * {@code connectors/target/stage-image}.
 */
@ExtendWith(KafkaBrokerExtension.class)
class StageContainerIT {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final int STOP_TIMEOUT_SECONDS = 60;
    private static final String CONFIG_PATH = "/etc/sandstage/stage.yaml";
    private static final String SOCKET = "/var/run/docker.sock";

    @TempDir
    Path dir;

    private final String instance = "it-image-" + UUID.randomUUID().toString().substring(0, 8);
    private final DockerClient docker = DockerClients.connect();
    private GenericContainer<?> stage;

    @AfterEach
    void removeContainer() throws IOException {
        if (stage != null) {
            stage.stop();
        }
        docker.close();
    }

    @Test
    void theStageImageRunsASignedEchoInASiblingSandboxAndStopsCleanlyOnSigterm(KafkaTestBroker broker)
            throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        TopicSettings topics = new TopicSettings("decisions-" + suffix, "results-" + suffix, "audit-" + suffix,
                "dlq-" + suffix, "journal-" + suffix, 2);
        TopicSetup.ensure(broker.admin(), topics, Duration.ofSeconds(60));
        SigningKey key = DevKeys.ensureDevKey(new StateDirectory(dir));
        Path keys = DevKeys.keyFile(new StateDirectory(dir)).getParent();
        readableByTheStageUser(keys);
        Path config = Files.writeString(dir.resolve("stage.yaml"), config(topics));
        String socketGroup = String.valueOf(Files.getAttribute(Path.of(SOCKET), "unix:gid"));

        stage = new GenericContainer<>(image())
                .withNetworkMode("host")
                .withEnv("SANDSTAGE_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers())
                .withCommand("--config", CONFIG_PATH)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withBinds(new Bind(SOCKET, new Volume(SOCKET)),
                                new Bind(config.toString(), new Volume(CONFIG_PATH), AccessMode.ro),
                                new Bind(keys.toString(), new Volume(StageImage.KEYS_DIR), AccessMode.ro))
                        .withGroupAdd(List.of(socketGroup)))
                .withLogConsumer(frame -> {
                    if (!frame.getUtf8String().isEmpty()) {
                        System.out.print("stage container: " + frame.getUtf8String());
                    }
                })
                .waitingFor(Wait.forLogMessage(".*sandstage ready.*\\n", 1).withStartupTimeout(READY_TIMEOUT));
        stage.start();
        assertThat(sandboxesOf(instance)).as("warm sandboxes the container created on the host's engine").isNotEmpty();

        ToolCallDecision decision = echo("hello from the stage image");
        try (ResultSubscriber results = ResultSubscriber.open(broker.bootstrapServers(), topics.results(),
                        StartPosition.BEGINNING);
                DecisionPublisher publisher = DecisionPublisher.create(broker.bootstrapServers(), topics.decisions(), key)) {
            publisher.publish(decision).get(30, TimeUnit.SECONDS);
            ToolResult result = results.awaitResult(decision.getDecisionId(), Duration.ofSeconds(60)).orElseThrow();

            assertThat(result.getStatus()).as("result %s", result).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(String.valueOf(result.getStdoutJson())).isEqualTo("{\"message\":\"hello from the stage image\"}");
            String sandbox = String.valueOf(result.getSandbox().getSandboxId());
            assertThat(sandboxesOf(instance).stream().map(Container::getId)).anyMatch(c -> c.startsWith(sandbox));
        }

        String id = stage.getContainerId();
        docker.stopContainerCmd(id).withTimeout(STOP_TIMEOUT_SECONDS).exec();
        var state = docker.inspectContainerCmd(id).exec().getState();
        assertThat(state.getRunning()).isFalse();
        assertThat(state.getExitCodeLong()).as("exit code after SIGTERM; logs:\n%s", stage.getLogs()).isZero();
        assertThat(stage.getLogs()).contains("stage stopped");
        assertThat(sandboxesOf(instance)).isEmpty();
    }

    /** The stage's image, built by Testcontainers from compose/Dockerfile and the context StageImage assembles. */
    private ImageFromDockerfile image() {
        Path root = Path.of(System.getProperty("sandstage.repo.root"));
        StageImage.Context context = new StageImage(docker,
                StageImageSources.ofCheckout(root, root.resolve("connectors/target/stage-image")),
                line -> System.out.println("stage image: " + line)).context();
        // deleteOnExit=false: the image stays, so the next run's build is all cache hits.
        ImageFromDockerfile image = new ImageFromDockerfile(context.tag(), false);
        context.files().forEach(image::withFileFromPath);
        context.buildArgs().forEach(image::withBuildArg);
        return image;
    }

    private String config(TopicSettings topics) {
        return String.join("\n",
                "stage:",
                "  instance-id: " + instance,
                "  shutdown-grace: 10s",
                "topics:",
                "  decisions: " + topics.decisions(),
                "  results: " + topics.results(),
                "  audit: " + topics.audit(),
                "  dlq: " + topics.dlq(),
                "  journal: " + topics.journal(),
                "http:",
                "  port: 0",
                "");
    }

    private static ToolCallDecision echo(String message) {
        Instant now = Instant.now();
        return ToolCallDecision.newBuilder()
                .setDecisionId(UUID.randomUUID().toString())
                .setCallId(UUID.randomUUID().toString())
                .setSessionId("container-it")
                .setTenantId("it")
                .setTool("echo")
                .setArgumentsJson("{\"message\":\"" + message + "\"}")
                .setAllowed(true)
                .setReason("StageContainerIT")
                .setPolicyId("it")
                .setPolicyVersion("1")
                .setIssuedAt(now)
                .setExpiresAt(now.plus(Duration.ofMinutes(2)))
                .setConstraints(null)
                .setSignature(null)
                .build();
    }

    /**
     * DevKeys writes the key 0600 in a 0700 directory, owned by whoever runs the test (root on
     * these machines); the image's user is uid 10001, so it gets the directory and the file, as an
     * operator would chown a mounted keys directory (compose/README.md).
     */
    private static void readableByTheStageUser(Path keys) throws IOException {
        try (Stream<Path> files = Files.walk(keys)) {
            for (Path p : files.toList()) {
                Files.setAttribute(p, "unix:uid", StageImage.USER_ID);
            }
        }
    }

    private List<Container> sandboxesOf(String instanceId) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(SandboxLabels.INSTANCE, instanceId)).exec();
    }
}
