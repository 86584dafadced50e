package dev.sandstage.cli;

import dev.sandstage.config.Quantities;
import dev.sandstage.config.StageConfig;
import dev.sandstage.config.StageConfigLoader;
import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.host.StateDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options shared by the verbs that talk to Kafka ({@code call}, {@code submit}, {@code tail},
 * {@code tools}, {@code up}): the configuration file and the bootstrap servers, resolved as
 * {@code --bootstrap-servers}, else {@code <state>/kafka/bootstrap} (written by the embedded broker
 * while it runs), else the configuration ({@code kafka.bootstrap-servers}). Used on the CLI's main
 * thread only.
 */
final class KafkaConnection {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers (default: <state>/kafka/bootstrap when the embedded broker runs, else the configuration).")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE", description = "Stage configuration file (YAML).")
    Path configFile;

    /** Where a verb talks to: the state directory, the configuration and a broker that answers. */
    record Target(StateDirectory state, StageConfig config, String bootstrap) {}

    /**
     * Resolves the state directory, the configuration and the bootstrap servers, and checks a
     * broker answers there ({@link #requireBroker}).
     */
    Target connect() {
        StateDirectory state = StateDirectory.fromEnvironment();
        StageConfig config = config();
        String bootstrap = resolve(state, config);
        requireBroker(bootstrap);
        return new Target(state, config, bootstrap);
    }

    /** The configuration from {@code --config} and the environment. */
    StageConfig config() {
        return StageConfigLoader.load(Optional.ofNullable(configFile), System.getenv());
    }

    /** The bootstrap servers by the precedence above. */
    String resolve(StateDirectory state, StageConfig config) {
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            return bootstrapServers.strip();
        }
        Path file = state.root().resolve("kafka").resolve("bootstrap");
        if (Files.isRegularFile(file)) {
            try {
                String text = Files.readString(file).strip();
                if (!text.isEmpty()) {
                    return text;
                }
            } catch (IOException e) {
                // An unreadable file is treated like an absent one: fall back to the configuration.
            }
        }
        return config.kafka().bootstrapServers();
    }

    /**
     * Fails with a message naming the address and what to do when no broker answers there within
     * five seconds; a CLI verb should not hang for the client's default minute.
     */
    static void requireBroker(String bootstrap) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new SandstageFatalException("no Kafka broker answers at " + bootstrap
                    + "; start one with './sandstage up' or './sandstage kafka', or pass --bootstrap-servers",
                    Map.of("bootstrap", bootstrap), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandstageFatalException("interrupted while contacting Kafka", Map.of("bootstrap", bootstrap), e);
        }
    }

    /** Picocli converter for durations written like the configuration's ({@code 250ms}, {@code 60s}, {@code 2m}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Quantities.parseDuration("duration", value);
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException(
                        "not a duration: '" + value + "' (write a whole number and a unit, e.g. 250ms, 30s, 2m)");
            }
        }
    }
}
