package dev.sandstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstage.events.Output;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.ToolResult;
import dev.sandstage.testing.SampleEvents;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventTextTest {

    private static Output output(String text, boolean truncated, long total) {
        return new Output(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), truncated, total);
    }

    @Test
    void theSummaryShowsStatusExitWallTimeAndJsonStdoutPretty() {
        String summary = EventText.summary(SampleEvents.result());

        assertThat(summary).contains("status:    SUCCEEDED exit=0", "wall ms:   38", "\"state\" : \"running\"",
                "stderr: (empty)");
    }

    @Test
    void theSummaryShowsTheErrorAndNotesTruncatedOutput() {
        ToolResult failed = ToolResult.newBuilder(SampleEvents.result())
                .setStatus(ResultStatus.OUTPUT_LIMIT).setExitCode(null).setSignal(9)
                .setErrorCode("OUTPUT_LIMIT").setErrorMessage("stdout exceeded 1 KiB")
                .setStdout(output("plain text", true, 5000)).setStdoutJson(null).build();

        String summary = EventText.summary(failed);

        assertThat(summary).contains("status:    OUTPUT_LIMIT signal=9", "error:     OUTPUT_LIMIT: stdout exceeded 1 KiB",
                "  plain text", "truncated, 5000 bytes in total");
    }

    @Test
    void theSummaryShowsStdoutAsItIsWhenTheStageKeptNoJson() {
        ToolResult noJson = ToolResult.newBuilder(SampleEvents.result())
                .setStdout(output("{\"state\": \"runn", true, 5000)).setStdoutJson(null).build();

        String summary = EventText.summary(noJson);

        assertThat(summary).contains("  {\"state\": \"runn", "truncated, 5000 bytes in total")
                .doesNotContain("\"state\" : ");
    }

    @Test
    void theSummaryPrettyPrintsTheStdoutJsonOfAResult() {
        ToolResult nested = ToolResult.newBuilder(SampleEvents.result())
                .setStdout(output("{\"tags\":{\"team\":\"data\"},\"ids\":[1,2]}\n", false, 36))
                .setStdoutJson("{\"tags\":{\"team\":\"data\"},\"ids\":[1,2]}").build();

        String summary = EventText.summary(nested);

        assertThat(summary.lines()).containsSequence("stdout:", "  {", "    \"tags\" : {", "      \"team\" : \"data\"",
                "    },", "    \"ids\" : [ 1, 2 ]", "  }", "stderr: (empty)");
    }

    @Test
    void theResultJsonEmbedsStdoutJsonAsAnObjectNotAString() throws Exception {
        JsonNode node = new ObjectMapper().readTree(EventText.json(SampleEvents.result()));

        assertThat(node.get("stdout_json").isObject()).isTrue();
        assertThat(node.at("/stdout_json/state").asText()).isEqualTo("running");
    }

    @Test
    void theResultJsonEmbedsAnArrayStdoutJsonAsAnArray() throws Exception {
        ToolResult listed = ToolResult.newBuilder(SampleEvents.result())
                .setStdout(output("[\"a.txt\", \"b.txt\"]", false, 18)).setStdoutJson("[\"a.txt\",\"b.txt\"]").build();

        JsonNode node = new ObjectMapper().readTree(EventText.json(listed));

        assertThat(node.get("stdout_json").isArray()).isTrue();
        assertThat(node.get("stdout_json")).extracting(JsonNode::asText).containsExactly("a.txt", "b.txt");
    }

    @Test
    void theResultJsonHasANullStdoutJsonWhenTheStageKeptNone() throws Exception {
        ToolResult plain = ToolResult.newBuilder(SampleEvents.result())
                .setStdout(output("hello\n", false, 6)).setStdoutJson(null).build();
        ToolResult foreign = ToolResult.newBuilder(plain).setStdoutJson("{broken").build();

        JsonNode node = new ObjectMapper().readTree(EventText.json(plain));

        assertThat(node.has("stdout_json")).isTrue();
        assertThat(node.get("stdout_json").isNull()).isTrue();
        assertThat(node.at("/stdout/text").asText()).isEqualTo("hello\n");
        assertThat(new ObjectMapper().readTree(EventText.json(foreign)).get("stdout_json").isNull()).isTrue();
    }

    @Test
    void theResultJsonIsOneLineWithPlainFieldsAndTextOutputs() throws Exception {
        String json = EventText.json(SampleEvents.result());

        assertThat(json).doesNotContain("\n");
        JsonNode node = new ObjectMapper().readTree(json);
        assertThat(node.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(node.get("exit_code").asInt()).isZero();
        assertThat(node.get("signal").isNull()).isTrue();
        assertThat(node.at("/stdout/text").asText()).isEqualTo("{\"state\":\"running\"}\n");
        assertThat(node.get("queued_at").asText()).isEqualTo("2026-03-01T10:15:30.123Z");
        assertThat(node.at("/usage/wall_ms").asLong()).isEqualTo(38);
        assertThat(node.at("/sandbox/runtime").asText()).isEqualTo("runsc");
    }

    @Test
    void auditEventsBecomeOneLineEachInBothForms() throws Exception {
        var event = SampleEvents.audit();

        assertThat(EventText.line(event)).doesNotContain("\n").contains(event.getType().name());
        JsonNode node = new ObjectMapper().readTree(EventText.json(event));
        assertThat(node.get("event_id").asText()).isEqualTo(event.getEventId());
        assertThat(node.get("type").asText()).isEqualTo(event.getType().name());
    }

    @Test
    void resultLinesNameStatusToolAndDecision() {
        assertThat(EventText.line(SampleEvents.result()))
                .contains("SUCCEEDED exit=0", "tool=describe_instance", "decision=decision-1");
    }
}
