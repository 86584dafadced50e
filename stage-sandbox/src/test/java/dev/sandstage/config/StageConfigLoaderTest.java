package dev.sandstage.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageConfigLoaderTest {

    private static final Map<String, String> HOST = Map.of("HOSTNAME", "Stage_Host-01.example", "SANDSTAGE_HOME", "/var/lib/ss");

    @TempDir
    Path dir;

    @Test
    void everyKeyHasItsDeclaredDefaultWithoutFileOrEnvironment() {
        StageConfig c = StageConfigLoader.load(Optional.empty(), HOST);

        assertThat(c.kafka()).isEqualTo(new KafkaSettings("127.0.0.1:9092", Map.of(), Map.of()));
        assertThat(c.topics()).isEqualTo(new TopicSettings("policy.decisions.v1", "tool.results.v1", "tool.audit.v1",
                "policy.decisions.v1.dlq", "sandstage.journal.v1", 6));
        assertThat(c.stage()).isEqualTo(new StageSettings("stage_host-01.example", "sandstage", 64,
                Duration.ofMillis(100), Duration.ofSeconds(30)));
        assertThat(c.verify()).isEqualTo(new VerifyConfig(true, Duration.ofSeconds(30), Path.of("/var/lib/ss/keys"),
                256 * 1024));
        assertThat(c.catalog().path()).isEmpty();
        assertThat(c.pool()).isEqualTo(new PoolSettings(4, Duration.ofSeconds(30), 4));
        assertThat(c.http()).isEqualTo(new HttpSettings("127.0.0.1", 8080));
        assertThat(c.audit().includeArguments()).isFalse();
        assertThat(c.logFormat()).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void readsNestedAndDottedYamlKeysOfEveryType() {
        StageConfig c = Configs.load(dir, """
                kafka:
                  bootstrap-servers: [ "k1:9092", "k2:9093" ]
                topics.partitions: 12
                stage:
                  instance-id: stage-a
                  commit-interval: 20ms
                verify:
                  signature-required: false
                  keys-dir: /etc/sandstage/keys
                  max-arguments-bytes: 1MiB
                catalog.path: /etc/sandstage/catalog.yaml
                pool: { global-max: 8, acquire-deadline: 2m }
                log.format: JSON
                """, HOST);

        assertThat(c.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9093");
        assertThat(c.topics().partitions()).isEqualTo(12);
        assertThat(c.stage().instanceId()).isEqualTo("stage-a");
        assertThat(c.stage().commitInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(c.stage().maxInFlight()).as("derived from pool.global-max").isEqualTo(16 * 8);
        assertThat(c.pool()).isEqualTo(new PoolSettings(8, Duration.ofMinutes(2), 8));
        assertThat(c.verify()).isEqualTo(new VerifyConfig(false, Duration.ofSeconds(30),
                Path.of("/etc/sandstage/keys"), 1024 * 1024));
        assertThat(c.catalog().path()).contains(Path.of("/etc/sandstage/catalog.yaml"));
        assertThat(c.logFormat()).isEqualTo(LogFormat.JSON);
    }

    @Test
    void environmentOverridesTheFileWhichOverridesDefaults() {
        StageConfig c = Configs.load(dir, """
                http.port: 9000
                stage.group-id: from-file
                stage.max-in-flight: 3
                """, Map.of("SANDSTAGE_STAGE_GROUP_ID", "from-env", "SANDSTAGE_KAFKA_BOOTSTRAP_SERVERS", "b:1",
                "SANDSTAGE_AUDIT_INCLUDE_ARGUMENTS", "TRUE", "HOSTNAME", "h"));

        assertThat(c.http().port()).isEqualTo(9000);
        assertThat(c.stage().groupId()).isEqualTo("from-env");
        assertThat(c.stage().maxInFlight()).isEqualTo(3);
        assertThat(c.kafka().bootstrapServers()).isEqualTo("b:1");
        assertThat(c.audit().includeArguments()).isTrue();
    }

    @Test
    void passesKafkaClientPropertiesThroughByPrefixFromFileAndEnvironment() {
        StageConfig c = Configs.load(dir, """
                kafka:
                  consumer:
                    max.poll.records: 100
                    fetch: { min: { bytes: 1 } }
                  producer.linger.ms: 2
                """, Map.of("SANDSTAGE_KAFKA_CONSUMER_MAX_POLL_RECORDS", "250",
                "SANDSTAGE_KAFKA_PRODUCER_COMPRESSION_TYPE", "lz4"));

        assertThat(c.kafka().consumer()).containsExactly(Map.entry("fetch.min.bytes", "1"),
                Map.entry("max.poll.records", "250"));
        assertThat(c.kafka().producer()).containsExactly(Map.entry("compression.type", "lz4"),
                Map.entry("linger.ms", "2"));
    }

    @Test
    void ignoresSandstageVariablesThatBelongToTheLauncher() {
        StageConfig c = StageConfigLoader.load(Optional.empty(),
                Map.of("SANDSTAGE_HOME", "/x", "SANDSTAGE_BASE_FROM_REGISTRY", "true", "SANDSTAGE_NO_BUILD", "1"));

        assertThat(c.verify().keysDir()).isEqualTo(Path.of("/x/keys"));
    }

    @Test
    void sanitizesTheHostNameIntoTheDefaultInstanceId() {
        StageConfig c = StageConfigLoader.load(Optional.empty(), Map.of("HOSTNAME", "--My Host!"));

        assertThat(c.stage().instanceId()).isEqualTo("my-host-");
    }

    @Test
    void anEmptyFileMeansAllDefaults() {
        StageConfig c = Configs.load(dir, "", HOST);

        assertThat(c).isEqualTo(StageConfigLoader.load(Optional.empty(), HOST));
    }
}
