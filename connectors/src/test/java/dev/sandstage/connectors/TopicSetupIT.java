package dev.sandstage.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstage.config.TopicSettings;
import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.testing.KafkaBrokerExtension;
import dev.sandstage.testing.KafkaTestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class TopicSetupIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static TopicSettings fresh(int partitions) {
        String p = "ts-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        return new TopicSettings(p + "decisions", p + "results", p + "audit", p + "dlq", p + "journal", partitions);
    }

    /** Creation returns before the broker's metadata lists the topic; the setup reads that list. */
    private static void awaitListed(KafkaTestBroker broker, String... names) {
        Awaitility.await().atMost(TIMEOUT)
                .until(() -> broker.admin().listTopics().names().get().containsAll(List.of(names)));
    }

    @Test
    void createsTheFiveTopicsWithTheConfiguredPartitionsOnce(KafkaTestBroker broker) throws Exception {
        TopicSettings topics = fresh(3);

        List<String> created = TopicSetup.ensure(broker.admin(), topics, TIMEOUT);
        List<String> again = TopicSetup.ensure(broker.admin(), topics, TIMEOUT);

        assertThat(created).containsExactly(topics.decisions(), topics.results(), topics.audit(), topics.dlq(),
                topics.journal());
        assertThat(again).isEmpty();
        Map<String, TopicDescription> described = broker.admin().describeTopics(created).allTopicNames().get();
        assertThat(described.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(3));
    }

    @Test
    void aMissingJournalGetsTheExistingDecisionTopicsPartitionCount(KafkaTestBroker broker) throws Exception {
        TopicSettings topics = fresh(6);
        broker.admin().createTopics(List.of(new NewTopic(topics.decisions(), 2, (short) 1))).all().get();
        awaitListed(broker, topics.decisions());

        TopicSetup.ensure(broker.admin(), topics, TIMEOUT);

        assertThat(broker.admin().describeTopics(List.of(topics.journal())).allTopicNames().get()
                .get(topics.journal()).partitions()).hasSize(2);
    }

    @Test
    void decisionsAndJournalWithDifferentPartitionCountsAreAClearError(KafkaTestBroker broker) throws Exception {
        TopicSettings topics = fresh(6);
        broker.admin().createTopics(List.of(new NewTopic(topics.decisions(), 2, (short) 1),
                new NewTopic(topics.journal(), 4, (short) 1))).all().get();
        awaitListed(broker, topics.decisions(), topics.journal());

        assertThatThrownBy(() -> TopicSetup.ensure(broker.admin(), topics, TIMEOUT))
                .isInstanceOf(SandstageFatalException.class)
                .hasMessageContaining("has 2 partitions but the journal")
                .hasMessageContaining("has 4");
    }
}
