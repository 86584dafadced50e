package dev.sandstage.bench.e2e;

import dev.sandstage.broker.EmbeddedKafka;
import dev.sandstage.broker.EmbeddedKafkaSettings;
import dev.sandstage.host.StateDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmarks' broker: the same child-process KRaft broker {@code ./sandstage up} runs, in a
 * fresh temporary state directory, on free loopback ports. Main thread only.
 */
record BenchBroker(StateDirectory state, EmbeddedKafka kafka) implements AutoCloseable {

    static BenchBroker start(String name) throws IOException {
        Path home = Files.createTempDirectory("sandstage-bench-" + name);
        StateDirectory state = new StateDirectory(home);
        EmbeddedKafkaSettings settings = EmbeddedKafkaSettings.defaults(state)
                .withPort(freePort()).withControllerPort(freePort());
        return new BenchBroker(state, EmbeddedKafka.start(settings));
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    Path home() {
        return state.root();
    }

    /** Stops the broker and deletes the temporary state directory (broker data, keys, catalog). */
    @Override
    public void close() {
        kafka.close();
        try (var paths = Files.walk(state.root())) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + state.root() + ": " + e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
