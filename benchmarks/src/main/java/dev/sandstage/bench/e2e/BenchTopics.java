package dev.sandstage.bench.e2e;

import dev.sandstage.config.TopicSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the stage's topics on the benchmark's single-node broker (replication 1). */
final class BenchTopics {

    private BenchTopics() {}

    static void create(String bootstrap, TopicSettings topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> all = List.of(topics.decisions(), topics.results(), topics.audit(), topics.dlq(),
                    topics.journal()).stream().map(name -> new NewTopic(name, topics.partitions(), (short) 1)).toList();
            admin.createTopics(all).all().get(1, TimeUnit.MINUTES);
        }
    }
}
