package dev.sandstage.stage;

import static dev.sandstage.stage.StageFixture.echo;
import static dev.sandstage.stage.StageFixture.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.ToolResult;
import dev.sandstage.host.DockerClients;
import dev.sandstage.pool.SandboxLabels;
import dev.sandstage.testing.KafkaBrokerExtension;
import dev.sandstage.testing.KafkaTestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Starting, being ready, and stopping the whole stage. */
@ExtendWith(KafkaBrokerExtension.class)
class StageLifecycleIT {

    @Test
    void startsReadyServesACallAndStopLeavesNoContainerOfItsInstance(KafkaTestBroker broker, @TempDir Path dir)
            throws Exception {
        StageFixture fixture = new StageFixture(broker, dir);
        try (DockerClient docker = DockerClients.connect()) {
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + fixture.stage.httpPort() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            fixture.send(signed(echo(fixture.instanceId + "-1", "s", "hi")));
            List<ToolResult> results = fixture.results(rs -> !rs.isEmpty());
            assertThat(results).extracting(ToolResult::getStatus).containsExactly(ResultStatus.SUCCEEDED);
            assertThat(containers(docker, fixture.instanceId)).isNotEmpty();

            fixture.close();

            assertThat(fixture.stage.terminated().succeeded()).isTrue();
            assertThat(containers(docker, fixture.instanceId)).isEmpty();
        }
    }

    @Test
    void refusesToStartWhenTheJournalHasOtherPartitionsThanTheDecisions(KafkaTestBroker broker, @TempDir Path dir) {
        assertThatThrownBy(() -> new StageFixture(broker, dir, 1))
                .isInstanceOf(ExecutionException.class)
                .cause().hasMessageContaining("journal topic must have as many partitions")
                .hasMessageContaining("(1 partitions)").hasMessageContaining("(3 partitions)");
    }

    private static List<String> containers(DockerClient docker, String instanceId) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(SandboxLabels.instanceFilter(instanceId))).exec().stream()
                .map(c -> c.getId()).toList();
    }
}
