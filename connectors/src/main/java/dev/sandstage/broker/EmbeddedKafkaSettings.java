package dev.sandstage.broker;

import dev.sandstage.broker.internal.BrokerClasspath;
import dev.sandstage.host.StateDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * How to start the {@link EmbeddedKafka} broker: the state directory (the broker lives in its
 * {@code kafka/} subdirectory), the ports requested on this start (empty: keep the persisted ones,
 * or the defaults on a first start; see {@link KafkaPorts#resolve}), the JDK and library
 * directories of the child process, and how long to wait for it to become ready and to stop.
 *
 * <p>Immutable; build one with {@link #defaults} and the {@code with...} methods.
 */
public record EmbeddedKafkaSettings(
        StateDirectory stateDirectory,
        OptionalInt port,
        OptionalInt controllerPort,
        Path javaHome,
        List<Path> libraryDirs,
        List<String> jvmOptions,
        Duration readyTimeout,
        Duration stopGrace) {

    public EmbeddedKafkaSettings {
        libraryDirs = List.copyOf(libraryDirs);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * Settings for the broker of {@code state}: the JDK running this JVM, the library directories
     * built next to the connectors jar, 1 GiB heap at most, two minutes to become ready, thirty
     * seconds to stop before it is killed.
     */
    public static EmbeddedKafkaSettings defaults(StateDirectory state) {
        return new EmbeddedKafkaSettings(state, OptionalInt.empty(), OptionalInt.empty(),
                Path.of(System.getProperty("java.home")), BrokerClasspath.locate(), defaultJvmOptions(),
                Duration.ofMinutes(2), Duration.ofSeconds(30));
    }

    public EmbeddedKafkaSettings withPort(int port) {
        return new EmbeddedKafkaSettings(stateDirectory, OptionalInt.of(port), controllerPort, javaHome,
                libraryDirs, jvmOptions, readyTimeout, stopGrace);
    }

    public EmbeddedKafkaSettings withControllerPort(int port) {
        return new EmbeddedKafkaSettings(stateDirectory, this.port, OptionalInt.of(port), javaHome,
                libraryDirs, jvmOptions, readyTimeout, stopGrace);
    }

    public EmbeddedKafkaSettings withReadyTimeout(Duration timeout) {
        return new EmbeddedKafkaSettings(stateDirectory, port, controllerPort, javaHome,
                libraryDirs, jvmOptions, timeout, stopGrace);
    }

    public EmbeddedKafkaSettings withStopGrace(Duration grace) {
        return new EmbeddedKafkaSettings(stateDirectory, port, controllerPort, javaHome,
                libraryDirs, jvmOptions, readyTimeout, grace);
    }

    private static List<String> defaultJvmOptions() {
        List<String> options = new ArrayList<>(List.of(
                "-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true"));
        if (Runtime.version().feature() >= 23) {
            // Kafka unmaps its index files through sun.misc.Unsafe; newer JDKs warn about that on every start.
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        return options;
    }
}
