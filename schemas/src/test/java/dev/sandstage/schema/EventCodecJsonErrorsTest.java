package dev.sandstage.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.testing.SampleEvents;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventCodecJsonErrorsTest {

    private final EventCodec<ToolCallDecision> codec = EventCodec.of(ToolCallDecision.class);
    private final String validJson = new String(codec.encodeJson(SampleEvents.decision("d-1")), StandardCharsets.UTF_8);

    @Test
    void rejectsMalformedJsonWithItsPosition() {
        EventDecodeException e = jsonError("{\"decision_id\": \"d-1\",,}");

        assertThat(e.code()).isEqualTo(ErrorCode.JSON_SYNTAX_ERROR);
        assertThat(e).hasMessageContaining("not well-formed JSON").hasMessageContaining("line 1, column");
    }

    @Test
    void rejectsDuplicateKeysBecauseTheyHideWhatWasSigned() {
        EventDecodeException e = jsonError(validJson.replace("{\"decision_id\":\"d-1\"", "{\"decision_id\":\"d-1\",\"decision_id\":\"d-2\""));

        assertThat(e.code()).isEqualTo(ErrorCode.JSON_SYNTAX_ERROR);
        assertThat(e).hasMessageContaining("Duplicate field 'decision_id'");
    }

    @Test
    void rejectsContentAfterTheObject() {
        EventDecodeException e = jsonError(validJson + " {}");

        assertThat(e.code()).isEqualTo(ErrorCode.JSON_SYNTAX_ERROR);
    }

    @Test
    void rejectsNonObjectRoot() {
        EventDecodeException e = jsonError("[1, 2]");

        assertThat(e.code()).isEqualTo(ErrorCode.JSON_SCHEMA_MISMATCH);
        assertThat(e).hasMessageContaining("$: expected object (record ToolCallDecision) but got array");
    }

    @Test
    void namesTopLevelFieldWithWrongType() {
        EventDecodeException e = jsonError(validJson.replace("\"issued_at\":1772360130123", "\"issued_at\":\"yesterday\""));

        assertThat(e.code()).isEqualTo(ErrorCode.JSON_SCHEMA_MISMATCH);
        assertThat(e).hasMessageContaining("$.issued_at: expected long (timestamp-millis) but got string \"yesterday\"");
    }

    @Test
    void namesNestedFieldInsideUnionBranch() {
        EventDecodeException e = jsonError(validJson.replace("\"timeout_ms\":{\"long\":5000}", "\"timeout_ms\":{\"long\":true}"));

        assertThat(e.code()).isEqualTo(ErrorCode.JSON_SCHEMA_MISMATCH);
        assertThat(e).hasMessageContaining("$.constraints.timeout_ms: expected long but got boolean true");
    }

    @Test
    void explainsUnwrappedUnionValue() {
        EventDecodeException e = jsonError(validJson.replace("\"reason\":{\"string\":\"read-only tool within budget\"}", "\"reason\":\"because\""));

        assertThat(e.code()).isEqualTo(ErrorCode.JSON_SCHEMA_MISMATCH);
        assertThat(e).hasMessageContaining("$.reason: expected null or a one-key object {\"<branch>\": value} with branch in [\"null\", \"string\"] but got string \"because\"");
    }

    @Test
    void namesUnknownUnionBranch() {
        EventDecodeException e = jsonError(validJson.replace("{\"long\":5000}", "{\"int\":5000}"));

        assertThat(e).hasMessageContaining("$.constraints.timeout_ms: union branch \"int\" is not one of [\"null\", \"long\"]");
    }

    @Test
    void namesUnknownEnumSymbol() {
        EventDecodeException e = jsonError(validJson.replace("\"ED25519\"", "\"RSA\""));

        assertThat(e.code()).isEqualTo(ErrorCode.JSON_SCHEMA_MISMATCH);
        assertThat(e).hasMessageContaining("$.signature.algorithm: \"RSA\" is not a symbol of enum SignatureAlgorithm [UNKNOWN, ED25519, HMAC_SHA256]");
    }

    @Test
    void namesMissingRequiredField() {
        EventDecodeException e = jsonError(validJson.replace("\"tool\":\"describe_instance\",", ""));

        assertThat(e.code()).isEqualTo(ErrorCode.JSON_SCHEMA_MISMATCH);
        assertThat(e).hasMessageContaining("$.tool: required field is missing (expected string)");
    }

    @Test
    void rejectsIntegerOutOfRange() {
        String result = new String(EventCodec.of(dev.sandstage.events.ToolResult.class).encodeJson(SampleEvents.result()), StandardCharsets.UTF_8);

        EventDecodeException e = catchThrowableOfType(EventDecodeException.class, () -> EventCodec.of(dev.sandstage.events.ToolResult.class)
                .decodeJson(result.replace("\"exit_code\":{\"int\":0}", "\"exit_code\":{\"int\":4294967296}").getBytes(StandardCharsets.UTF_8)));

        assertThat(e.code()).isEqualTo(ErrorCode.JSON_SCHEMA_MISMATCH);
        assertThat(e).hasMessageContaining("$.exit_code: expected int but got number 4294967296");
    }

    @Test
    void rejectsUnsupportedContentType() {
        EventDecodeException e = catchThrowableOfType(EventDecodeException.class, () -> EventEncoding.fromContentType("text/xml"));

        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_CONTENT_TYPE);
        assertThat(e).hasMessageContaining("content-type \"text/xml\" is not supported");
        assertThat(EventEncoding.fromContentType("Application/JSON; charset=utf-8")).isEqualTo(EventEncoding.JSON);
        assertThat(EventEncoding.fromContentType(null)).isEqualTo(EventEncoding.BINARY);
    }

    private EventDecodeException jsonError(String json) {
        EventDecodeException e = catchThrowableOfType(EventDecodeException.class, () -> codec.decodeJson(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).as("decoding must fail with EventDecodeException").isNotNull();
        return e;
    }
}
