package dev.sandstage.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.testing.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EventSerdesTest {

    private final EventCodec<ToolCallDecision> codec = EventCodec.of(ToolCallDecision.class);

    @Test
    void jsonSerializerLabelsValueAndDeserializerFollowsTheLabel() {
        Headers headers = new RecordHeaders();
        ToolCallDecision decision = SampleEvents.decision();

        byte[] value = new EventSerializer<>(codec, EventEncoding.JSON).serialize("t", headers, decision);

        assertThat(new String(headers.lastHeader("content-type").value(), StandardCharsets.UTF_8)).isEqualTo("application/json");
        assertThat(value[0]).isEqualTo((byte) '{');
        assertThat(new EventDeserializer<>(codec).deserialize("t", headers, value)).isEqualTo(decision);
    }

    @Test
    void binarySerializerDropsAStaleJsonLabelCopiedFromTheInput() {
        Headers headers = new RecordHeaders().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        headers.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));

        byte[] value = new EventSerializer<>(codec).serialize("t", headers, SampleEvents.decision());

        assertThat(headers.lastHeader("content-type")).isNull();
        assertThat(headers.lastHeader("traceparent")).isNotNull();
        assertThat(new EventDeserializer<>(codec).deserialize("t", headers, value).getTool()).isEqualTo("describe_instance");
    }

    @Test
    void deserializerErrorsCarryTheTopic() {
        EventDecodeException e = catchThrowableOfType(EventDecodeException.class,
                () -> new EventDeserializer<>(codec).deserialize("policy.decisions.v1", new RecordHeaders(), new byte[] {1, 2, 3}));

        assertThat(e.code()).isEqualTo(ErrorCode.NOT_SINGLE_OBJECT_ENCODING);
        assertThat(e.context()).containsEntry("topic", "policy.decisions.v1").containsEntry("expected", "ToolCallDecision");
    }

    @Test
    void deserializerRejectsUnsupportedContentTypeNamingTopicAndHeader() {
        Headers headers = new RecordHeaders().add("content-type", "text/xml".getBytes(StandardCharsets.UTF_8));

        EventDecodeException e = catchThrowableOfType(EventDecodeException.class,
                () -> new EventDeserializer<>(codec).deserialize("in", headers, codec.encode(SampleEvents.decision())));

        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_CONTENT_TYPE);
        assertThat(e.context()).containsEntry("topic", "in").containsEntry("content-type", "text/xml");
    }

    @Test
    void serdesCreatedByClassNameAreConfiguredFromProperties() {
        EventSerializer<ToolCallDecision> serializer = new EventSerializer<>();
        serializer.configure(Map.of(EventSerdeConfig.EVENT_TYPE, ToolCallDecision.class.getName(), EventSerdeConfig.ENCODING, "json"), false);
        EventDeserializer<ToolCallDecision> deserializer = new EventDeserializer<>();
        deserializer.configure(Map.of(EventSerdeConfig.EVENT_TYPE, ToolCallDecision.class.getName()), false);
        Headers headers = new RecordHeaders();
        ToolCallDecision decision = SampleEvents.decision();

        assertThat(deserializer.deserialize("t", headers, serializer.serialize("t", headers, decision))).isEqualTo(decision);
    }

    @Test
    void serdeCreatedByClassNameRejectsUnknownEventType() {
        assertThatThrownBy(() -> new EventDeserializer<>().configure(Map.of(EventSerdeConfig.EVENT_TYPE, "java.lang.String"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(EventSerdeConfig.EVENT_TYPE);
    }
}
