package dev.sandstage.connectors;

import dev.sandstage.config.TopicSettings;
import dev.sandstage.error.SandstageFatalException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the stage's topics (decisions, results, audit, dlq, journal) when they are missing, for
 * {@code ./sandstage up} and operators. Idempotent: existing topics are left alone. Every created
 * topic gets the decisions topic's partition count when it exists (the journal must match it
 * partition for partition), else {@link TopicSettings#partitions()}; the replication factor is the
 * number of brokers, at most 3 (1 on the single local node). Fails when an existing journal's
 * partition count differs from the decisions topic's. Returns once the broker serves the created
 * topics' metadata: the controller acknowledges a create before the brokers apply it, and a client
 * asking in between (the stage counting the journal's partitions, a reader listing a topic's
 * partitions) is told the topic does not exist. Blocking; any thread.
 */
public final class TopicSetup {

    private static final int MAX_REPLICATION = 3;
    private static final Duration METADATA_POLL = Duration.ofMillis(20);

    private TopicSetup() {}

    /**
     * Ensures the topics exist.
     *
     * @return the names of the topics this call created, in the order decisions, results, audit, dlq, journal
     * @throws SandstageFatalException when the broker does not answer within {@code timeout} or
     *     the partition counts of decisions and journal differ
     */
    public static List<String> ensure(Admin admin, TopicSettings topics, Duration timeout) {
        try {
            return create(admin, topics, timeout);
        } catch (ExecutionException e) {
            throw new SandstageFatalException("cannot create the topics: " + e.getCause().getMessage(),
                    Map.of("decisions", topics.decisions()), e.getCause());
        } catch (TimeoutException e) {
            throw new SandstageFatalException("no Kafka broker answered within " + timeout + " while creating topics",
                    Map.of("decisions", topics.decisions()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandstageFatalException("interrupted while creating topics", Map.of(), e);
        }
    }

    private static List<String> create(Admin admin, TopicSettings topics, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long ms = timeout.toMillis();
        int brokers = admin.describeCluster().nodes().get(ms, TimeUnit.MILLISECONDS).size();
        short replication = (short) Math.max(1, Math.min(MAX_REPLICATION, brokers));
        Set<String> existing = admin.listTopics().names().get(ms, TimeUnit.MILLISECONDS);
        Optional<Integer> decisionPartitions = partitions(admin, existing, topics.decisions(), ms);
        Optional<Integer> journalPartitions = partitions(admin, existing, topics.journal(), ms);
        if (decisionPartitions.isPresent() && journalPartitions.isPresent()
                && !decisionPartitions.equals(journalPartitions)) {
            throw new SandstageFatalException("topic " + topics.decisions() + " has " + decisionPartitions.get()
                    + " partitions but the journal " + topics.journal() + " has " + journalPartitions.get()
                    + "; they must match (the journal of decision partition p is journal partition p)",
                    Map.of("decisions", topics.decisions(), "journal", topics.journal()));
        }
        int count = decisionPartitions.or(() -> journalPartitions).orElse(topics.partitions());
        Map<String, NewTopic> wanted = new LinkedHashMap<>();
        for (String name : List.of(topics.decisions(), topics.results(), topics.audit(), topics.dlq(),
                topics.journal())) {
            if (!existing.contains(name)) {
                wanted.putIfAbsent(name, new NewTopic(name, count, replication));
            }
        }
        List<String> created = new ArrayList<>();
        if (wanted.isEmpty()) {
            return created;
        }
        var futures = admin.createTopics(wanted.values()).values();
        for (String name : wanted.keySet()) {
            try {
                futures.get(name).get(ms, TimeUnit.MILLISECONDS);
                created.add(name);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e; // someone else creating it at the same time is fine; anything else is not
                }
            }
        }
        awaitServed(admin, List.copyOf(wanted.keySet()), deadline);
        return created;
    }

    /** Until the brokers describe every topic in {@code names}; throws TimeoutException at {@code deadline}. */
    private static void awaitServed(Admin admin, List<String> names, long deadline)
            throws ExecutionException, TimeoutException, InterruptedException {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("the broker did not serve the metadata of " + names);
            }
            try {
                admin.describeTopics(names).allTopicNames().get(left, TimeUnit.NANOSECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            Thread.sleep(METADATA_POLL.toMillis());
        }
    }

    private static Optional<Integer> partitions(Admin admin, Set<String> existing, String topic, long ms)
            throws ExecutionException, TimeoutException, InterruptedException {
        if (!existing.contains(topic)) {
            return Optional.empty();
        }
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(ms, TimeUnit.MILLISECONDS).get(topic);
        return Optional.of(description.partitions().size());
    }
}
