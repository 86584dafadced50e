package dev.sandstage.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstage.config.HttpSettings;
import dev.sandstage.config.TopicSettings;
import dev.sandstage.events.AuditEvent;
import dev.sandstage.events.ExecutionJournalEntry;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.pool.DestroyReason;
import dev.sandstage.pool.PoolEvent;
import dev.sandstage.pool.PoolSnapshot;
import dev.sandstage.pool.PoolState;
import dev.sandstage.schema.EventCodec;
import dev.sandstage.schema.ReleasedSchemas;
import dev.sandstage.schema.SchemaFingerprint;
import dev.sandstage.testing.SampleEvents;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpServerVerticleIT {

    private static final PoolSnapshot SNAPSHOT = new PoolSnapshot(Instant.parse("2026-01-02T03:04:05Z"),
            PoolState.RUNNING, true, 3, 4, List.of(new PoolSnapshot.ClassSnapshot("python", 2, 4, 2, 0, 1, 0, 0, 0, 0, 0)));

    private static final TopicSettings TOPICS = new TopicSettings("in.decisions", "out.results", "out.audit",
            "in.decisions.dlq", "stage.journal", 3);

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
                ReadinessProbe.allOf(conditions), () -> SNAPSHOT, SchemaListing.forTopics(TOPICS));
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
    void schemasListsEveryFingerprintTheStageWritesWithItsTopicAndRole() throws Exception {
        Map<String, JsonNode> listed = listedSchemas();

        Map<String, byte[]> written = Map.of(
                "out.results", EventCodec.of(ToolResult.class).encode(SampleEvents.result()),
                "out.audit", EventCodec.of(AuditEvent.class).encode(SampleEvents.audit()),
                "stage.journal", EventCodec.of(ExecutionJournalEntry.class).encode(SampleEvents.journalEntry()));
        written.forEach((topic, value) -> {
            String fingerprint = HexFormat.of().formatHex(Arrays.copyOfRange(value, 2, 10));
            assertThat(listed).as("%s written to %s", fingerprint, topic).containsKey(fingerprint);
            assertThat(listed.get(fingerprint).get("uses").toString()).contains(
                    "{\"topic\":\"" + topic + "\",\"role\":\"write\"}");
            assertThat(listed.get(fingerprint).get("current").asBoolean()).isTrue();
        });
        String decision = HexFormat.of().formatHex(Arrays.copyOfRange(
                EventCodec.of(ToolCallDecision.class).encode(SampleEvents.decision()), 2, 10));
        assertThat(listed.get(decision).get("uses").toString()).isEqualTo("[{\"topic\":\"in.decisions\",\"role\":\"read\"}]");
        assertThat(listed.get(decision).get("name").asText()).isEqualTo("dev.sandstage.events.ToolCallDecision");
    }

    @Test
    void schemasAlsoListsTheReleasedVersionsAnEarlierStageWrote() throws Exception {
        Map<String, JsonNode> listed = listedSchemas();
        ReleasedSchemas.Released v1 = ReleasedSchemas.of(ToolResult.class).get(0);

        JsonNode entry = listed.get(SchemaFingerprint.hexOf(v1.schema()));

        assertThat(entry).as("ToolResult v1").isNotNull();
        assertThat(entry.get("released_in").asText()).isEqualTo("v1");
        assertThat(entry.get("current").asBoolean()).isFalse();
        assertThat(entry.get("uses").toString()).isEqualTo("[{\"topic\":\"out.results\",\"role\":\"earlier-write\"}]");
        assertThat(listed).hasSize(ReleasedSchemas.all().size());
    }

    @Test
    void eachListedFingerprintServesASchemaWithThatFingerprint() throws Exception {
        Map<String, JsonNode> listed = listedSchemas();
        assertThat(listed).isNotEmpty();

        for (Map.Entry<String, JsonNode> e : listed.entrySet()) {
            HttpResponse<String> r = get(e.getValue().get("href").asText());

            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
            Schema schema = new Schema.Parser().parse(r.body());
            assertThat(HexFormat.of().formatHex(SchemaNormalization.parsingFingerprint("CRC-64-AVRO", schema)))
                    .as("Avro's own fingerprint bytes of the served schema").isEqualTo(e.getKey());
            assertThat(schema.getFullName()).isEqualTo(e.getValue().get("name").asText());
        }
    }

    @Test
    void anUnknownFingerprintIs404AndAMalformedOne400WithAJsonError() throws Exception {
        HttpResponse<String> unknown = get("/schemas/0123456789ABCDEF");
        HttpResponse<String> malformed = get("/schemas/not-a-fingerprint");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(new ObjectMapper().readTree(unknown.body()).get("error").asText())
                .isEqualTo("no schema on this stage's topics has fingerprint 0123456789abcdef; GET /schemas lists them");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(malformed.body()).get("error").asText())
                .contains("16 hex digits", "'not-a-fingerprint'");
    }

    @Test
    void aFingerprintIsFoundInEitherCase() throws Exception {
        String fingerprint = SchemaFingerprint.hexOf(ToolResult.getClassSchema());

        assertThat(get("/schemas/" + fingerprint.toUpperCase(java.util.Locale.ROOT)).statusCode()).isEqualTo(200);
    }

    private Map<String, JsonNode> listedSchemas() throws Exception {
        HttpResponse<String> r = get("/schemas");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.get("fingerprint_format").asText()).contains("in the order they appear");
        Map<String, JsonNode> byFingerprint = new LinkedHashMap<>();
        body.get("schemas").forEach(s -> byFingerprint.put(s.get("fingerprint").asText(), s));
        return byFingerprint;
    }

    @Test
    void refusesToListenOnANonLoopbackAddress() {
        HttpServerVerticle wide = new HttpServerVerticle(new HttpSettings("0.0.0.0", 0), registry,
                ReadinessProbe.allOf(Map.of()), () -> SNAPSHOT, SchemaListing.forTopics(TOPICS));

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
