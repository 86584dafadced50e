package dev.sandstage.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.error.SandstageFatalException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageConfigErrorsTest {

    @TempDir
    Path dir;

    @Test
    void rejectsANonLoopbackHttpHost() {
        ConfigException e = Configs.failure(dir, "http.host: 0.0.0.0\n", Map.of());

        assertThat(e.problems()).containsExactly(new ConfigProblem("http.host", "0.0.0.0",
                "servers listen on loopback only: must be 127.0.0.1"));
        assertThat(e).isInstanceOf(SandstageFatalException.class);
        assertThat(e.getMessage()).contains("http.host=0.0.0.0: servers listen on loopback only");
    }

    @Test
    void rejectsAnUnknownKeyAndSuggestsTheClosestKnownOne() {
        ConfigException e = Configs.failure(dir, "pool:\n  global-maximum: 3\n", Map.of());

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("pool.global-maximum");
            assertThat(p.value()).isEqualTo("3");
            assertThat(p.reason()).contains("unknown key").contains("did you mean pool.global-max?");
        });
    }

    @Test
    void suggestsTheRightPrefixForAMistypedPassThroughKey() {
        ConfigException e = Configs.failure(dir, "kafka.consumers.max.poll.records: 5\n", Map.of());

        assertThat(e.problems()).singleElement().extracting(ConfigProblem::reason).asString()
                .contains("did you mean kafka.consumer.max.poll.records?");
    }

    @Test
    void rejectsAnUnknownConfigurationVariableAndSuggestsTheRightOne() {
        ConfigException e = Configs.failure(dir, "", Map.of("SANDSTAGE_POOL_GLOBAL_MAXX", "3"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("SANDSTAGE_POOL_GLOBAL_MAXX");
            assertThat(p.reason()).contains("did you mean SANDSTAGE_POOL_GLOBAL_MAX?");
        });
    }

    @Test
    void rejectsOverridingKafkaPropertiesTheStageOwns() {
        ConfigException e = Configs.failure(dir, """
                kafka.consumer.enable.auto.commit: true
                kafka.producer.transactional.id: mine
                """, Map.of("SANDSTAGE_KAFKA_CONSUMER_ISOLATION_LEVEL", "read_uncommitted",
                "SANDSTAGE_KAFKA_CONSUMER_GROUP_ID", "g"));

        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "kafka.consumer.enable.auto.commit", "kafka.producer.transactional.id",
                "kafka.consumer.isolation.level", "kafka.consumer.group.id");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.reason()).contains("cannot be overridden"));
    }

    @Test
    void reportsEveryProblemTogetherWithKeyValueAndReason() {
        ConfigException e = Configs.failure(dir, """
                topics.partitions: zero
                stage.shutdown-grace: 30
                verify.max-arguments-bytes: 64KiBs
                verify.signature-required: maybe
                log.format: xml
                http.port: 70000
                """, Map.of("SANDSTAGE_POOL_GLOBAL_MAX", "0"));

        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactlyInAnyOrder(
                "topics.partitions=zero: not a whole number between -2147483648 and 2147483647",
                "stage.shutdown-grace=30: a duration needs a unit (ms, s, m, h, d), e.g. 30s",
                "verify.max-arguments-bytes=64KiBs: unknown size unit 'KiBs': use B, Ki, KiB, Mi, MiB, Gi, GiB, k, kB, M, MB, G or GB",
                "verify.signature-required=maybe: must be true or false",
                "log.format=xml: must be one of: text, json",
                "http.port=70000: must be between 0 and 65535",
                "pool.global-max=0: must be between 1 and 1024");
        assertThat(e.getMessage()).startsWith("invalid configuration (7 problems)")
                .contains("\n  log.format=xml: must be one of: text, json");
    }

    @Test
    void checksCrossFieldRulesAfterEachKey() {
        ConfigException e = Configs.failure(dir, """
                topics.results: policy.decisions.v1
                stage.commit-interval: 5s
                stage.shutdown-grace: 1s
                pool.global-max: 2
                pool.worker-threads: 9
                """, Map.of());

        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "topics.results", "stage.commit-interval", "pool.worker-threads");
        assertThat(e.problems()).extracting(ConfigProblem::reason).anySatisfy(r ->
                assertThat(r).contains("same topic as topics.decisions"));
    }

    @Test
    void rejectsInvalidTopicNamesAndInstanceIds() {
        ConfigException e = Configs.failure(dir, """
                topics.audit: "tool audit"
                stage.instance-id: "-bad"
                kafka.bootstrap-servers: localhost
                """, Map.of());

        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "topics.audit", "stage.instance-id", "kafka.bootstrap-servers");
    }

    @Test
    void reportsAKeySetTwiceInTheFileAndAFileThatIsNotAMapping() {
        ConfigException twice = Configs.failure(dir, "http.port: 1\nhttp:\n  port: 2\n", Map.of());
        assertThat(twice.problems()).extracting(ConfigProblem::key).containsExactly("http.port");

        ConfigException list = Configs.failure(dir, "- a\n- b\n", Map.of());
        assertThat(list.problems()).singleElement().extracting(ConfigProblem::reason).asString()
                .contains("must be a YAML mapping");
    }

    @Test
    void reportsAMissingFile() {
        try {
            StageConfigLoader.load(Optional.of(dir.resolve("absent.yaml")), Map.of());
        } catch (ConfigException e) {
            assertThat(e.problems()).singleElement().extracting(ConfigProblem::reason).asString()
                    .startsWith("cannot be read");
            return;
        }
        throw new AssertionError("a missing file was accepted");
    }
}
