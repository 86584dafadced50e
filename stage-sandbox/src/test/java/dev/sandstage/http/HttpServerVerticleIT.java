package dev.sandstage.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sandstage.config.HttpSettings;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.pool.DestroyReason;
import dev.sandstage.pool.PoolEvent;
import dev.sandstage.pool.PoolSnapshot;
import dev.sandstage.pool.PoolState;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpServerVerticleIT {

    private static final PoolSnapshot SNAPSHOT = new PoolSnapshot(Instant.parse("2026-01-02T03:04:05Z"),
            PoolState.RUNNING, true, 3, 4, List.of(new PoolSnapshot.ClassSnapshot("python", 2, 4, 2, 0, 1, 0, 0, 0, 0, 0)));

    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicBoolean assigned = new AtomicBoolean();
    private final AtomicLong lag = new AtomicLong(7);
    private Vertx vertx;
    private PrometheusMeterRegistry registry;
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        registry = StageMetrics.prometheusRegistry();
        StageMetrics metrics = new StageMetrics(registry);
        metrics.decision("executed");
        metrics.execution("echo", ResultStatus.SUCCEEDED, Duration.ofMillis(3));
        metrics.queueWait(Duration.ofMillis(1));
        metrics.commit(Duration.ofMillis(2));
        metrics.bindPool(() -> SNAPSHOT);
        metrics.bindConsumerLag(lag::get);
        metrics.poolListener().onEvent(new PoolEvent.SandboxCreated(Instant.now(), "python", "s1", "c1",
                Duration.ofMillis(400)));
        metrics.poolListener().onEvent(new PoolEvent.SandboxDestroyed(Instant.now(), "python", "s1", "c1",
                DestroyReason.TIMED_OUT, 3, Duration.ofSeconds(9)));
        Map<String, BooleanSupplier> conditions = Map.of("consumer has partitions assigned", assigned::get);
        HttpServerVerticle verticle = new HttpServerVerticle(HttpSettings.loopback(0), registry,
                ReadinessProbe.allOf(conditions), () -> SNAPSHOT);
        done(vertx.deployVerticle(verticle));
        port = verticle.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        done(vertx.close());
        registry.close();
    }

    @Test
    void liveAnswers200WhileTheProcessRuns() throws Exception {
        HttpResponse<String> r = get("/health/live");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"live\":true}");
    }

    @Test
    void readyAnswers503WithWhatIsMissingUntilTheProbeIsSatisfied() throws Exception {
        HttpResponse<String> before = get("/health/ready");
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body()).isEqualTo("{\"ready\":false,\"missing\":[\"consumer has partitions assigned\"]}");

        assigned.set(true);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            HttpResponse<String> after = get("/health/ready");
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.body()).isEqualTo("{\"ready\":true,\"missing\":[]}");
        });
    }

    @Test
    void metricsServesEveryStageMeterInPrometheusText() throws Exception {
        lag.set(11);

        HttpResponse<String> r = get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.body())
                .contains("sandstage_decisions_total{outcome=\"executed\"} 1")
                .contains("sandstage_execution_seconds_count{status=\"succeeded\",tool=\"echo\"} 1")
                .contains("sandstage_execution_seconds_bucket{")
                .contains("sandstage_queue_wait_seconds_count 1")
                .contains("sandstage_commit_seconds_count 1")
                .contains("sandstage_container_create_seconds_count{class=\"python\"} 1")
                .contains("sandstage_sandboxes_destroyed_total{class=\"python\",reason=\"timed_out\"} 1")
                .contains("sandstage_pool_sandboxes{class=\"python\",state=\"idle\"} 2")
                .contains("sandstage_pool_sandboxes{class=\"python\",state=\"busy\"} 1")
                .contains("sandstage_consumer_lag_records 11");
    }

    @Test
    void poolServesTheSuppliedViewAsJson() throws Exception {
        HttpResponse<String> r = get("/pool");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(r.body()).contains("\"at\":\"2026-01-02T03:04:05Z\"", "\"state\":\"RUNNING\"", "\"warm\":true",
                "\"name\":\"python\"", "\"idle\":2", "\"busy\":1");
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri("/pool"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void refusesToListenOnANonLoopbackAddress() {
        HttpServerVerticle wide = new HttpServerVerticle(new HttpSettings("0.0.0.0", 0), registry,
                ReadinessProbe.allOf(Map.of()), () -> SNAPSHOT);

        assertThatThrownBy(() -> done(vertx.deployVerticle(wide)))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage("the HTTP endpoints listen on loopback only, not on 0.0.0.0");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static <T> T done(Future<T> future) throws ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
