package dev.sandstage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sandstage.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code ./sandstage kafka} as a user would: the launcher script as a child process, with
 * its own state directory, talking to the broker it starts through real Kafka clients.
 */
class KafkaCommandIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);

    @TempDir
    Path state;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killWhatIsStillRunning() {
        for (Process p : started) {
            List<ProcessHandle> children = p.descendants().toList();
            p.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
        brokerPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void servesRecordsStopsCleanlyOnSigtermAndKeepsThemAcrossRestart() throws Exception {
        List<Integer> ports = FreePorts.pick(2);
        int port = ports.get(0);
        Process first = startKafka("--port", String.valueOf(port), "--controller-port", String.valueOf(ports.get(1)));
        String bootstrap = awaitBootstrap(first);
        assertThat(bootstrap).isEqualTo("127.0.0.1:" + port);
        assertThat(stdout(first)).contains("kafka ready at 127.0.0.1:" + port);

        String topic = "it-" + UUID.randomUUID();
        createTopic(bootstrap, topic);
        produce(bootstrap, topic, List.of("one", "two", "three"));
        assertThat(consumeAll(bootstrap, topic, 3)).containsExactly("one", "two", "three");

        first.destroy();
        assertThat(first.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("exit code after SIGTERM; stderr: %s", stderr(first)).isZero();
        assertThat(bootstrapFile()).doesNotExist();

        // No options: the ports persisted on the first start are used again.
        Process second = startKafka();
        assertThat(awaitBootstrap(second)).isEqualTo(bootstrap);
        assertThat(consumeAll(bootstrap, topic, 3)).containsExactly("one", "two", "three");
        second.destroy();
        assertThat(second.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isZero();
    }

    @Test
    void secondStartOnTheSameStateDirectoryFailsNamingTheRunningOne() throws Exception {
        List<Integer> ports = FreePorts.pick(4);
        Process first = startKafka("--port", String.valueOf(ports.get(0)), "--controller-port", String.valueOf(ports.get(1)));
        awaitBootstrap(first);

        Process second = startKafka("--port", String.valueOf(ports.get(2)), "--controller-port", String.valueOf(ports.get(3)));

        assertThat(second.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isNotZero();
        assertThat(stderr(second))
                .contains("already running the Kafka broker of this state directory")
                .contains("pid=" + first.pid());
        assertThat(first.isAlive()).isTrue();
        assertThat(bootstrapFile()).exists();
    }

    @Test
    void exitsNonZeroWithTheLogTailWhenTheBrokerDiesOnItsOwn() throws Exception {
        List<Integer> ports = FreePorts.pick(2);
        Process cli = startKafka("--port", String.valueOf(ports.get(0)), "--controller-port", String.valueOf(ports.get(1)));
        awaitBootstrap(cli);

        ProcessHandle.of(brokerPid().orElseThrow()).orElseThrow().destroyForcibly();

        assertThat(cli.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).isNotZero();
        assertThat(stderr(cli))
                .contains("the Kafka broker exited unexpectedly")
                .contains("last lines of the broker log")
                .contains("exit-code=137");
        assertThat(bootstrapFile()).doesNotExist();
    }

    private Process startKafka(String... options) throws IOException {
        Path repoRoot = Path.of(System.getProperty("sandstage.repo.root"));
        List<String> cmd = new ArrayList<>(List.of(repoRoot.resolve("sandstage").toString(), "kafka"));
        cmd.addAll(List.of(options));
        int n = started.size();
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(state.resolve("cli-" + n + ".out").toFile())
                .redirectError(state.resolve("cli-" + n + ".err").toFile());
        pb.environment().put("SANDSTAGE_HOME", state.resolve("home").toString());
        pb.environment().put("SANDSTAGE_NO_BUILD", "1");
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private String awaitBootstrap(Process cli) {
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(cli.isAlive()).as("CLI alive; stderr: %s", stderr(cli)).isTrue();
            assertThat(bootstrapFile()).exists();
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stdout(cli)).contains("kafka ready"));
        return readString(bootstrapFile()).strip();
    }

    private Path bootstrapFile() {
        return state.resolve("home/kafka/bootstrap");
    }

    private java.util.Optional<Long> brokerPid() {
        Path pidFile = state.resolve("home/kafka/broker.pid");
        return Files.exists(pidFile) ? java.util.Optional.of(Long.parseLong(readString(pidFile).strip()))
                : java.util.Optional.empty();
    }

    private String stdout(Process p) {
        return readString(state.resolve("cli-" + started.indexOf(p) + ".out"));
    }

    private String stderr(Process p) {
        return readString(state.resolve("cli-" + started.indexOf(p) + ".err"));
    }

    private static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(String bootstrap, String topic, List<String> values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, "key", v)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> consumeAll(String bootstrap, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(Set.of(tp));
            consumer.seekToBeginning(Set.of(tp));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                assertThat(values).hasSizeGreaterThanOrEqualTo(expected);
            });
        }
        return values;
    }

    private static String readString(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
