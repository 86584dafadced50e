package dev.sandstage.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaTestBrokerIT {

    @Test
    void brokerListensOnLoopbackOnlyWithSingleReplicaTransactionLog(KafkaTestBroker broker) throws Exception {
        String nodeId = broker.admin().describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().idString();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, nodeId);

        Config config = broker.admin().describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);

        assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
        assertThat(config.get("listeners").value()).contains("127.0.0.1").doesNotContain("0.0.0.0").doesNotContain("localhost");
        assertThat(config.get("transaction.state.log.replication.factor").value()).isEqualTo("1");
        assertThat(config.get("transaction.state.log.min.isr").value()).isEqualTo("1");
        assertThat(config.get("offsets.topic.replication.factor").value()).isEqualTo("1");
    }

    @Test
    void eachTopicParameterIsAFreshTopicWithTheRequestedPartitions(
            KafkaTestTopic one, @TopicPartitions(4) KafkaTestTopic four, KafkaTestBroker broker) throws Exception {
        TopicDescription described = broker.admin().describeTopics(List.of(four.name()))
                .allTopicNames().get(30, TimeUnit.SECONDS).get(four.name());

        assertThat(one.name()).isNotEqualTo(four.name());
        assertThat(one.partitions()).isEqualTo(1);
        assertThat(described.partitions()).hasSize(4);
        assertThat(four.bootstrapServers()).isEqualTo(broker.bootstrapServers());
    }
}
