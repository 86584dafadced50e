package dev.sandstage.stage;

import static dev.sandstage.stage.StageFixture.echo;
import static dev.sandstage.stage.StageFixture.signed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstage.events.AuditEvent;
import dev.sandstage.events.AuditEventType;
import dev.sandstage.events.Constraints;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import dev.sandstage.publish.DlqRecord;
import dev.sandstage.publish.TraceHeaders;
import dev.sandstage.schema.EventCodec;
import dev.sandstage.testing.KafkaBrokerExtension;
import dev.sandstage.testing.KafkaTestBroker;
import dev.sandstage.testing.SampleEvents;
import dev.sandstage.verify.DecisionSigner;
import dev.sandstage.verify.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The running stage end to end: one real Stage for the class, a fresh run id per test. */
@ExtendWith(KafkaBrokerExtension.class)
class StageIT {

    private static Path dir;
    private static StageFixture fixture;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startStage(KafkaTestBroker broker) throws Exception {
        dir = Files.createTempDirectory("stage-it");
        fixture = new StageFixture(broker, dir);
    }

    @AfterAll
    static void stopStage() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        StageFixture.deleteQuietly(dir);
    }

    @Test
    void signedEchoYieldsOneSucceededResultWithItsAuditTrailAndTraceContext() {
        ToolCallDecision d = signed(echo(run + "-echo", run + "-s", "hello"));
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceHeaders.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes());
        fixture.sendRaw(d.getSessionId(), EventCodec.of(ToolCallDecision.class).encode(d), headers);

        List<ToolResult> results = fixture.results(rs -> rs.stream().anyMatch(r -> mine(r.getDecisionId())));
        List<ToolResult> mine = results.stream().filter(r -> mine(r.getDecisionId())).toList();
        assertThat(mine).hasSize(1);
        ToolResult r = mine.get(0);
        assertThat(r.getStatus()).as("%s", r).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(r.getExitCode()).isZero();
        assertThat(StandardCharsets.UTF_8.decode(r.getStdout().getData()).toString()).contains("\"message\"", "hello");
        assertThat(r.getSandbox().getRuntime()).isEqualTo("runc");
        assertThat(r.getUsage().getWallMs()).isGreaterThanOrEqualTo(0);

        List<ConsumerRecord<byte[], byte[]>> raw = fixture.read("results", 1, rec -> rec, rs -> rs.stream()
                .anyMatch(rec -> key(rec).equals(d.getSessionId())));
        assertThat(raw).filteredOn(rec -> key(rec).equals(d.getSessionId())).singleElement()
                .satisfies(rec -> assertThat(header(rec, TraceHeaders.TRACEPARENT)).startsWith("00-4bf92f35"));

        List<AuditEvent> audits = fixture.audits(as -> types(as, d.getDecisionId()).contains(AuditEventType.EXECUTION_FINISHED));
        assertThat(types(audits, d.getDecisionId())).containsExactly(AuditEventType.DECISION_RECEIVED,
                AuditEventType.EXECUTION_STARTED, AuditEventType.EXECUTION_FINISHED);
        assertThat(audits).filteredOn(a -> d.getDecisionId().equals(a.getDecisionId()))
                .allSatisfy(a -> assertThat(a.getArgumentsSha256()).hasSize(64));
    }

    @Test
    void aCopyOfADecisionArrivingWhileTheFirstIsInFlightIsRefusedAsAReplayAndRunsOnce() {
        ToolCallDecision d = signed(echo(run + "-twice", run + "-s", "once"));

        fixture.sendTogether(List.of(d, d));

        List<ToolResult> results = fixture.results(rs -> rs.stream()
                .filter(r -> r.getDecisionId().equals(d.getDecisionId())).count() >= 2);
        assertThat(results).filteredOn(r -> r.getDecisionId().equals(d.getDecisionId()))
                .extracting(ToolResult::getStatus).containsExactlyInAnyOrder(ResultStatus.SUCCEEDED, ResultStatus.REJECTED);
        assertThat(results).filteredOn(r -> r.getDecisionId().equals(d.getDecisionId())
                && r.getStatus() == ResultStatus.REJECTED).singleElement()
                .satisfies(r -> assertThat(r.getErrorCode()).isEqualTo("DECISION_REPLAYED"));
        List<AuditEvent> audits = fixture.audits(as -> types(as, d.getDecisionId())
                .contains(AuditEventType.EXECUTION_FINISHED));
        assertThat(types(audits, d.getDecisionId())).containsOnlyOnce(AuditEventType.EXECUTION_STARTED);
    }

    @Test
    void toolsThatPrintJsonYieldResultsWhoseStdoutJsonIsThatObject() throws Exception {
        ToolCallDecision describe = echo(id("describe"), run + "-s", "unused");
        describe.setTool("describe_instance");
        describe.setArgumentsJson("{\"instance_id\":\"i-0abc1234\"}");
        ToolCallDecision echoed = echo(id("echo-json"), run + "-s", "hi \\u00e9");
        fixture.send(signed(describe));
        fixture.send(signed(echoed));

        Map<String, ToolResult> byId = fixture.results(rs -> rs.stream().filter(r -> r.getDecisionId().startsWith(run))
                .count() >= 2).stream().filter(r -> r.getDecisionId().startsWith(run))
                .collect(Collectors.toMap(ToolResult::getDecisionId, r -> r));

        ToolResult described = byId.get(describe.getDecisionId());
        assertThat(described.getStatus()).as("%s", described).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(described.getStdout().getTruncated()).isFalse();
        JsonNode instance = new ObjectMapper().readTree(described.getStdoutJson());
        assertThat(instance.isObject()).isTrue();
        assertThat(instance.properties()).extracting(Map.Entry::getKey).containsExactly("instance_id", "instance_type",
                "state", "availability_zone", "private_ip", "launch_time", "tags");
        assertThat(instance.get("instance_id").asText()).isEqualTo("i-0abc1234");
        assertThat(instance.at("/tags/team").isTextual()).isTrue();
        assertThat(new ObjectMapper().readTree(StandardCharsets.UTF_8.decode(described.getStdout().getData()).toString()))
                .as("the same value as the raw stdout").isEqualTo(instance);

        ToolResult echoResult = byId.get(echoed.getDecisionId());
        assertThat(echoResult.getStatus()).as("%s", echoResult).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(echoResult.getStdoutJson()).as("normalised: the \\u escape becomes the character")
                .isEqualTo("{\"message\":\"hi \u00e9\"}");
    }

    @Test
    void everyVerificationFailureYieldsOneRefusedResultWithItsCode() {
        ToolCallDecision replayed = signed(echo(run + "-replayed", run + "-s", "once"));
        fixture.send(replayed);
        fixture.results(rs -> rs.stream().anyMatch(r -> r.getDecisionId().equals(replayed.getDecisionId())));

        Map<String, ToolCallDecision> cases = new LinkedHashMap<>();
        cases.put("SIGNATURE_MISSING", echo(id("unsigned"), run + "-s", "x"));
        ToolCallDecision tampered = signed(echo(id("tampered"), run + "-s", "x"));
        tampered.setArgumentsJson("{\"message\":\"y\"}");
        cases.put("SIGNATURE_INVALID", tampered);
        cases.put("SIGNATURE_KEY_UNKNOWN", DecisionSigner.signed(echo(id("unknown-key"), run + "-s", "x"),
                SigningKey.hmac("other", StageFixture.SECRET)));
        ToolCallDecision expired = echo(id("expired"), run + "-s", "x");
        expired.setIssuedAt(Instant.now().minusSeconds(600));
        expired.setExpiresAt(Instant.now().minusSeconds(300));
        cases.put("DECISION_EXPIRED", signed(expired));
        ToolCallDecision unknownTool = echo(id("unknown-tool"), run + "-s", "x");
        unknownTool.setTool("rm_rf");
        cases.put("TOOL_UNKNOWN", signed(unknownTool));
        ToolCallDecision badJson = echo(id("bad-json"), run + "-s", "x");
        badJson.setArgumentsJson("{\"message\":");
        cases.put("ARGUMENTS_NOT_JSON", signed(badJson));
        ToolCallDecision schema = echo(id("schema"), run + "-s", "x");
        schema.setArgumentsJson("{\"msg\":1}");
        cases.put("ARGUMENTS_SCHEMA_VIOLATION", signed(schema));
        ToolCallDecision loosening = echo(id("loosening"), run + "-s", "x");
        loosening.setConstraints(Constraints.newBuilder().setTimeoutMs(600_000L).build());
        cases.put("CONSTRAINTS_LOOSEN_LIMITS", signed(loosening));
        cases.put("DECISION_REPLAYED", replayed);
        ToolCallDecision denied = echo(id("denied"), run + "-s", "x");
        denied.setAllowed(false);
        cases.put("DECISION_NOT_ALLOWED", signed(denied));
        cases.values().forEach(fixture::send);

        List<ToolResult> results = fixture.results(rs -> rs.stream().filter(r -> r.getDecisionId().startsWith(run))
                .count() >= cases.size() + 1);
        Map<String, List<ToolResult>> byId = results.stream()
                .filter(r -> cases.values().stream().anyMatch(d -> d.getDecisionId().equals(r.getDecisionId()))
                        && !(r.getDecisionId().equals(replayed.getDecisionId()) && r.getStatus() == ResultStatus.SUCCEEDED))
                .collect(Collectors.groupingBy(ToolResult::getDecisionId));
        cases.forEach((code, d) -> {
            assertThat(byId.get(d.getDecisionId())).as(code).hasSize(1);
            ToolResult r = byId.get(d.getDecisionId()).get(0);
            assertThat(r.getErrorCode()).as(code).isEqualTo(code);
            assertThat(r.getStatus()).as(code).isEqualTo(code.equals("DECISION_NOT_ALLOWED")
                    ? ResultStatus.NOT_ALLOWED : ResultStatus.REJECTED);
        });
        // Wait for what is asserted: the replayed decision's audit (not a "-case" id) may come after the others.
        List<AuditEvent> audits = fixture.audits(as -> rejectionCodes(as).containsAll(cases.keySet()));
        assertThat(rejectionCodes(audits)).containsAll(cases.keySet());
    }

    @Test
    void undecodableRecordsGoToTheDeadLetterTopicWhileValidDecisionsAroundThemRun() {
        ToolCallDecision before = signed(echo(id("before"), run + "-s", "a"));
        ToolCallDecision after = signed(echo(id("after"), run + "-s", "b"));
        fixture.send(before);
        fixture.sendRaw(run + "-garbage", ("garbage " + run).getBytes(StandardCharsets.UTF_8), new RecordHeaders());
        fixture.sendRaw(run + "-result", EventCodec.of(dev.sandstage.events.ToolResult.class)
                .encode(SampleEvents.result()), new RecordHeaders());
        fixture.send(after);

        List<ConsumerRecord<byte[], byte[]>> dlq = fixture.dlq(rs -> rs.stream().filter(r -> key(r).startsWith(run)).count() >= 2);
        Map<String, String> codes = dlq.stream().filter(r -> key(r).startsWith(run))
                .collect(Collectors.toMap(StageIT::key, r -> header(r, DlqRecord.ERROR_CODE)));
        assertThat(codes).containsEntry(run + "-garbage", "NOT_SINGLE_OBJECT_ENCODING")
                .containsEntry(run + "-result", "WRONG_RECORD_TYPE");
        assertThat(dlq).filteredOn(r -> key(r).equals(run + "-garbage")).singleElement()
                .satisfies(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("garbage " + run))
                .satisfies(r -> assertThat(header(r, DlqRecord.SOURCE_TOPIC)).isEqualTo(fixture.topics.get("decisions")));
        List<ToolResult> results = fixture.results(rs -> rs.stream().filter(r -> r.getDecisionId().startsWith(run)).count() >= 2);
        assertThat(results).filteredOn(r -> r.getDecisionId().startsWith(run)).extracting(ToolResult::getStatus)
                .containsExactly(ResultStatus.SUCCEEDED, ResultStatus.SUCCEEDED);
        assertThat(fixture.audits(as -> as.stream().filter(a -> a.getType() == AuditEventType.INPUT_INVALID).count() >= 2))
                .filteredOn(a -> a.getType() == AuditEventType.INPUT_INVALID)
                .anySatisfy(a -> assertThat(a.getDetail()).containsEntry("source_topic", fixture.topics.get("decisions")));
    }

    @Test
    void decisionsOfOneSessionRunInOffsetOrderWhileSessionsInterleave() {
        int sessions = 20;
        int perSession = 5;
        for (int i = 0; i < perSession; i++) {
            for (int s = 0; s < sessions; s++) {
                fixture.send(signed(echo(id("o-" + s + "-" + i), run + "-session-" + s, Integer.toString(i))));
            }
        }
        List<ToolResult> results = fixture.results(rs -> rs.stream().filter(r -> r.getDecisionId().startsWith(run + "-case-o-"))
                .count() >= sessions * perSession);
        Map<String, List<String>> bySession = new LinkedHashMap<>();
        results.stream().filter(r -> r.getDecisionId().startsWith(run + "-case-o-")).forEach(r ->
                bySession.computeIfAbsent(r.getSessionId(), k -> new ArrayList<>()).add(r.getDecisionId()));
        assertThat(bySession).hasSize(sessions);
        bySession.forEach((session, ids) -> {
            String s = session.substring(session.lastIndexOf('-') + 1);
            assertThat(ids).as(session).containsExactly(id("o-" + s + "-0"), id("o-" + s + "-1"), id("o-" + s + "-2"),
                    id("o-" + s + "-3"), id("o-" + s + "-4"));
        });
        assertThat(results).filteredOn(r -> r.getDecisionId().startsWith(run + "-case-o-"))
                .allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED));
    }

    @Test
    void aThousandDecisionsOverFiftySessionsYieldExactlyAThousandResults() {
        int total = Integer.getInteger("stage.it.load", 1000);
        for (int i = 0; i < total; i++) {
            fixture.send(signed(echo(id("load-" + i), run + "-load-" + (i % 50), "n" + i)));
        }
        List<ToolResult> results = fixture.results(rs -> rs.stream().filter(r -> r.getDecisionId().startsWith(run + "-case-load-"))
                .count() >= total);
        List<String> ids = results.stream().map(ToolResult::getDecisionId).filter(d -> d.startsWith(run + "-case-load-")).toList();
        assertThat(ids).hasSize(total).doesNotHaveDuplicates();
        assertThat(Set.copyOf(ids)).hasSize(total);
        assertThat(results).filteredOn(r -> r.getDecisionId().startsWith(run + "-case-load-"))
                .allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED));
    }

    private String id(String name) {
        return run + "-case-" + name;
    }

    private boolean mine(String decisionId) {
        return decisionId.startsWith(run);
    }

    private List<String> rejectionCodes(List<AuditEvent> audits) {
        return audits.stream().filter(a -> a.getType() == AuditEventType.DECISION_REJECTED && a.getDecisionId() != null
                && a.getDecisionId().startsWith(run)).map(AuditEvent::getErrorCode).toList();
    }

    private static List<AuditEventType> types(List<AuditEvent> audits, String decisionId) {
        return audits.stream().filter(a -> decisionId.equals(a.getDecisionId())).map(AuditEvent::getType).toList();
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
