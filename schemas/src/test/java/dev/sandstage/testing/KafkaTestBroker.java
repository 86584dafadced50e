package dev.sandstage.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) running inside the
 * test JVM, listening on 127.0.0.1 only, with replication factor 1 and min ISR 1 for the
 * offsets topic and the transaction state log so transactional producers and
 * {@code read_committed} consumers work. Topic auto-creation is off: tests ask for a fresh
 * topic with {@link #createTopic(int)}.
 *
 * <p>Tests get it from {@link KafkaBrokerExtension}, which starts one per test JVM and closes it
 * when the JUnit run ends. Thread-safe: tests running in parallel may create topics and clients
 * concurrently.
 */
public final class KafkaTestBroker implements AutoCloseable {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;
    private final Admin admin;

    private KafkaTestBroker(KafkaClusterTestKit cluster, String bootstrapServers) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Formats, starts and waits for a broker; takes a few seconds. */
    public static KafkaTestBroker start() {
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            brokerSettings(nodes).forEach(builder::setConfigProp);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            BrokerServer broker = cluster.brokers().values().iterator().next();
            return new KafkaTestBroker(cluster, "127.0.0.1:" + broker.boundPort(nodes.brokerListenerName()));
        } catch (Exception e) {
            closeQuietly(cluster, e);
            throw new IllegalStateException("in-JVM Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> brokerSettings(TestKitNodes nodes) {
        return Map.of(
                // Loopback only: tests must never expose a broker to the network.
                "listeners", nodes.brokerListenerName().value() + "://127.0.0.1:0,"
                        + nodes.controllerListenerName().value() + "://127.0.0.1:0",
                "offsets.topic.replication.factor", "1",
                "offsets.topic.num.partitions", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "transaction.state.log.num.partitions", "1",
                "min.insync.replicas", "1",
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "false");
    }

    /** {@code host:port} of the broker, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A shared admin client; do not close it. */
    public Admin admin() {
        return admin;
    }

    /**
     * Creates a topic with a random name and waits until the broker serves its metadata. The
     * controller answers the create before the broker has applied it, and a client asking in
     * between is told the topic does not exist: {@code partitionsFor} then returns no partitions,
     * and a reader assigned to them never reads anything.
     */
    public KafkaTestTopic createTopic(int partitions) {
        String name = "test-" + UUID.randomUUID();
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topic " + name + ": " + e.getMessage(), e);
        }
        await("broker metadata of " + name).atMost(ADMIN_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .ignoreExceptions().until(() -> admin.describeTopics(List.of(name)).allTopicNames()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(name).partitions().size() == partitions);
        return new KafkaTestTopic(name, partitions, bootstrapServers);
    }

    /** Stops the broker and deletes its data; called by JUnit when the run ends. */
    @Override
    public void close() {
        IllegalStateException failure = new IllegalStateException("in-JVM Kafka broker did not stop cleanly");
        try {
            admin.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        closeQuietly(cluster, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private static void closeQuietly(KafkaClusterTestKit cluster, Exception failure) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            failure.addSuppressed(e);
        }
    }
}
