package dev.sandstage.broker.internal;

import dev.sandstage.broker.KafkaPorts;
import dev.sandstage.error.SandstageFatalException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Tells whether the embedded broker accepts clients: its port takes a TCP connection and an
 * {@link Admin} {@code describeCluster} answers with the expected cluster id (so a different
 * Kafka that happens to listen on the port is never taken for ours).
 *
 * <p>Used by the one thread that waits for the broker; not thread-safe. Close it to release the
 * admin client.
 */
public final class ReadinessProbe implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MS = 200;
    private static final int DESCRIBE_TIMEOUT_MS = 3_000;

    private final KafkaPorts ports;
    private final String clusterId;
    private Admin admin;

    public ReadinessProbe(KafkaPorts ports, String clusterId) {
        this.ports = ports;
        this.clusterId = clusterId;
    }

    /** Fails at once when a port is already taken, instead of letting the broker die on it. */
    public static void requireFree(KafkaPorts ports) {
        requireFree(ports.broker(), "--port");
        requireFree(ports.controller(), "--controller-port");
    }

    /** True once the broker answers; false while it is still starting. */
    public boolean ready() {
        if (!accepts()) {
            return false;
        }
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ports.bootstrapServers(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, DESCRIBE_TIMEOUT_MS,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, DESCRIBE_TIMEOUT_MS,
                    AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
        }
        String answered;
        try {
            answered = admin.describeCluster(new DescribeClusterOptions().timeoutMs(DESCRIBE_TIMEOUT_MS))
                    .clusterId().get(DESCRIBE_TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (!clusterId.equals(answered)) {
            throw new SandstageFatalException("another Kafka cluster answers on the broker port",
                    Map.of("port", ports.broker(), "expected-cluster-id", clusterId, "found", answered));
        }
        return true;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
            admin = null;
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", ports.broker()), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void requireFree(int port, String option) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new SandstageFatalException("port " + port + " on 127.0.0.1 is already in use; choose another with "
                    + option, Map.of("port", port, "option", option));
        }
    }
}
