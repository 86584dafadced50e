package dev.sandstage.cli;

import dev.sandstage.broker.BrokerExitedException;
import dev.sandstage.broker.BrokerStoppedException;
import dev.sandstage.broker.EmbeddedKafka;
import dev.sandstage.broker.EmbeddedKafkaSettings;
import dev.sandstage.config.StageConfig;
import dev.sandstage.config.StageConfigLoader;
import dev.sandstage.connectors.DevKeys;
import dev.sandstage.connectors.TopicSetup;
import dev.sandstage.error.SandstageException;
import dev.sandstage.host.HostPreparer;
import dev.sandstage.host.StateDirectory;
import dev.sandstage.logging.LogFormats;
import dev.sandstage.stage.Stage;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code up} verb: everything for a local stage in one foreground process. Prepares the host,
 * starts the embedded broker (unless {@code --bootstrap-servers}), creates the topics, creates the
 * development key once, then starts the {@link Stage}; prints exactly {@value #READY} on standard
 * output when the stage is ready (consumer assigned, every pool class at its minimum warm).
 * SIGTERM or Ctrl-C stops the stage, then the broker, and exits 0; a stage or broker that ends by
 * itself exits 1. Progress lines ({@code up: ...}) go to standard error so that standard output
 * carries only the ready line.
 *
 * <p>Runs on the CLI's main thread, which blocks on the stage's futures (they complete on Vert.x
 * threads); the signal thread only completes a future and closes the broker during start-up.
 */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Run a complete local stage in the foreground: prepare the host, start the embedded Kafka broker",
            "(unless --bootstrap-servers), create the topics, create the development key <state>/keys/dev.hmac",
            "once, start the stage. Prints 'sandstage ready' when calls can run; Ctrl-C stops everything."
        })
final class UpCommand implements java.util.concurrent.Callable<Integer> {

    static final String READY = "sandstage ready";
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    private volatile boolean brokerStarting = true;

    @Mixin
    KafkaConnection kafka;

    @Option(names = "--kafka-port", paramLabel = "PORT",
            description = "Client port of the embedded broker (default: the persisted one, else 9092).")
    Integer kafkaPort;

    @Option(names = "--kafka-controller-port", paramLabel = "PORT",
            description = "Controller port of the embedded broker (default: the persisted one, else 9093).")
    Integer kafkaControllerPort;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CompletableFuture<String> stop = TerminationSignals.install();
        StateDirectory state = StateDirectory.fromEnvironment();
        EmbeddedKafka broker = null;
        try {
            progress(err, "preparing the host");
            new HostPreparer(System.getenv(), state, line -> progress(err, "  " + line)).prepare();
            String bootstrap;
            if (kafka.bootstrapServers == null || kafka.bootstrapServers.isBlank()) {
                progress(err, "starting the embedded Kafka broker");
                broker = EmbeddedKafka.launch(brokerSettings(state));
                EmbeddedKafka started = broker;
                // A signal during the broker's start must interrupt awaitReady; later signals must
                // not close it under a running stage (the stage stops first, see below).
                stop.thenRun(() -> {
                    if (brokerStarting) {
                        started.close();
                    }
                });
                try {
                    broker.awaitReady();
                } catch (BrokerStoppedException e) {
                    return 0;
                } finally {
                    brokerStarting = false;
                }
                bootstrap = broker.bootstrapServers();
            } else {
                bootstrap = kafka.bootstrapServers.strip();
                KafkaConnection.requireBroker(bootstrap);
            }
            progress(err, "Kafka at " + bootstrap);
            StageConfig config = configWith(bootstrap);
            LogFormats.apply(config.logFormat());
            progress(err, "creating topics");
            List<String> created = createTopics(bootstrap, config);
            progress(err, created.isEmpty() ? "topics present" : "created topics " + created);
            DevKeys.ensureDevKey(state);
            progress(err, "development key " + DevKeys.keyFile(state));
            if (!config.verify().keysDir().equals(DevKeys.keyFile(state).getParent())) {
                progress(err, "note: verify.keys-dir is " + config.verify().keysDir()
                        + "; 'call' signs with the dev key, which the stage will not find there");
            }
            if (stop.isDone()) {
                return 0;
            }
            progress(err, "starting the stage (the first start builds the tools image and warms the pools)");
            CompletableFuture<Stage> starting = Stage.start(config, state).toCompletionStage().toCompletableFuture();
            CompletableFuture<Integer> brokerExit = broker == null ? new CompletableFuture<>() : broker.exited();
            CompletableFuture.anyOf(starting, stop, brokerExit).exceptionally(t -> null).join();
            if (!starting.isDone()) {
                // Stopped or the broker died during start-up: stop the stage once it is up.
                starting.thenAccept(s -> s.stop());
                return stop.isDone() ? 0 : brokerDied(err, broker);
            }
            Stage stage = starting.join();
            out.println(READY);
            out.flush();
            CompletableFuture<Void> terminated = stage.terminated().toCompletionStage().toCompletableFuture();
            CompletableFuture.anyOf(stop, terminated, brokerExit).exceptionally(t -> null).join();
            if (terminated.isDone()) {
                err.println("up: the stage terminated by itself" + terminated.handle((v, t) -> t == null ? "" : ": " + t.getMessage()).join());
                return 1;
            }
            progress(err, "stopping the stage");
            stage.stop().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return stop.isDone() ? 0 : brokerDied(err, broker);
        } catch (BrokerExitedException e) {
            err.println("up: " + e.getMessage());
            e.lastLogLines().forEach(l -> err.println("  " + l));
            return 1;
        } catch (SandstageException e) {
            err.println("up: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("up: " + (e.getCause() != null ? e.getCause() : e));
            return 1;
        } finally {
            if (broker != null) {
                progress(err, "stopping the embedded Kafka broker");
                broker.close();
            }
            out.flush();
            err.flush();
        }
    }

    private EmbeddedKafkaSettings brokerSettings(StateDirectory state) {
        EmbeddedKafkaSettings settings = EmbeddedKafkaSettings.defaults(state);
        if (kafkaPort != null) {
            settings = settings.withPort(kafkaPort);
        }
        if (kafkaControllerPort != null) {
            settings = settings.withControllerPort(kafkaControllerPort);
        }
        return settings;
    }

    /** The configuration with the broker actually used; the environment wins over the file, so it goes there. */
    private StageConfig configWith(String bootstrap) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("SANDSTAGE_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        return StageConfigLoader.load(Optional.ofNullable(kafka.configFile), env);
    }

    private static List<String> createTopics(String bootstrap, StageConfig config) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return TopicSetup.ensure(admin, config.topics(), TOPIC_TIMEOUT);
        }
    }

    private static int brokerDied(PrintWriter err, EmbeddedKafka broker) {
        BrokerExitedException e = broker.unexpectedExit("the embedded Kafka broker exited unexpectedly");
        err.println("up: " + e.getMessage());
        e.lastLogLines().forEach(l -> err.println("  " + l));
        return 1;
    }

    private static void progress(PrintWriter err, String line) {
        err.println("up: " + line);
        err.flush();
    }
}
