package dev.sandstage.stage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import dev.sandstage.schema.EventCodec;
import dev.sandstage.testing.KafkaBrokerExtension;
import dev.sandstage.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code log.format: json} as an operator sees it: the stage runs as a child JVM with the logging
 * configuration of its container image ({@code compose/logback.xml}), handles a decision that
 * carries a W3C {@code traceparent} (one the stage refuses, {@code TOOL_UNKNOWN}, which it logs at
 * INFO while the decision's ids are in the MDC), and is stopped with SIGTERM; every line of its
 * log output (stderr) must parse as one JSON object. (The text pattern of the same file is
 * {@code LogPatternTest}'s; it needs no stage.)
 */
@ExtendWith(KafkaBrokerExtension.class)
class StageLogFormatIT {

    private static final EventCodec<ToolResult> RESULTS = EventCodec.of(ToolResult.class);
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

    private final String decisionId = "log-" + UUID.randomUUID();
    private final String sessionId = "log-session-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void jsonFormatWritesEveryLogLineAsOneObjectAndTheDecisionsLineCarriesItsIds(KafkaTestBroker broker,
            @TempDir Path dir) throws Exception {
        List<String> log = runOneTracedDecision(broker, dir, "json");

        List<JsonNode> lines = new ArrayList<>();
        for (String line : log) {
            JsonNode node = STRICT.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            assertThat(node.has("timestamp") && node.has("level") && node.has("logger") && node.has("thread")
                    && node.has("message")).as("the fixed fields of %s", line).isTrue();
            lines.add(node);
        }
        assertThat(lines).filteredOn(n -> decisionId.equals(n.path("decision_id").asText())).singleElement()
                .satisfies(n -> {
                    assertThat(n.get("session_id").asText()).isEqualTo(sessionId);
                    assertThat(n.get("trace_id").asText()).isEqualTo(TRACE_ID);
                    assertThat(n.get("span_id").asText()).isEqualTo(SPAN_ID);
                    assertThat(n.get("level").asText()).isEqualTo("INFO");
                    assertThat(n.get("message").asText()).startsWith("rejected: TOOL_UNKNOWN");
                });
    }

    /** Starts a stage with {@code log.format}, answers one traced decision, stops it; its stderr lines. */
    private List<String> runOneTracedDecision(KafkaTestBroker broker, Path dir, String format) throws Exception {
        String root = System.getProperty("sandstage.repo.root");
        Path logback = (root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent())
                .resolve("compose").resolve("logback.xml");
        assertThat(logback).exists();
        try (StageTopics topics = new StageTopics(broker, dir);
                StageTopics.Reader<ToolResult> results = topics.reader("results", r -> RESULTS.decode(r.value()))) {
            Map<String, String> settings = topics.settings(StageProcess.freePort());
            settings.put("catalog.path", TestCatalog.write(Files.createDirectories(dir.resolve("catalog")), "",
                    Map.of()).toString());
            settings.put("log.format", format);
            Path config = StageProcess.writeConfig(dir.resolve("stage.yaml"), settings);
            try (StageProcess stage = StageProcess.start(format, dir, config,
                    List.of("-Dlogback.configurationFile=" + logback))) {
                ToolCallDecision d = StageTopics.decision(decisionId, sessionId, "no_such_tool", "{}");
                topics.send(d, TRACEPARENT);
                results.pollUntil(rs -> rs.stream().anyMatch(r -> r.getDecisionId().equals(decisionId)),
                        StageFixture.WITHIN, rs -> "no result for " + decisionId + "\n" + stage.tail());
                assertThat(results.poll()).filteredOn(r -> r.getDecisionId().equals(decisionId)).singleElement()
                        .satisfies(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.REJECTED));
                assertThat(stage.terminate()).as("exit value after SIGTERM\n%s", stage.tail()).isZero();
            }
        }
        List<String> lines = Files.readAllLines(dir.resolve(format + ".err"), StandardCharsets.UTF_8);
        assertThat(lines).as("the stage's log output").isNotEmpty();
        return lines;
    }
}
