package dev.sandstage.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.testing.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class EventCodecRoundTripTest {

    static Stream<Arguments> events() {
        return Stream.of(SampleEvents.decision(), SampleEvents.minimalDecision(), SampleEvents.result(),
                        SampleEvents.audit(), SampleEvents.journalEntry())
                .flatMap(e -> Stream.of(EventEncoding.values()).map(enc -> Arguments.of(e.getClass().getSimpleName(), enc, e)));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("events")
    <T extends SpecificRecord> void decodesWhatItEncodes(String name, EventEncoding encoding, T event) {
        @SuppressWarnings("unchecked")
        EventCodec<T> codec = EventCodec.of((Class<T>) event.getClass());

        T decoded = codec.decode(codec.encode(event, encoding), encoding, java.util.Map.of());

        assertThat(decoded).isEqualTo(event);
    }

    @Test
    void binaryValueStartsWithMarkerAndLittleEndianFingerprint() {
        EventCodec<ToolCallDecision> codec = EventCodec.of(ToolCallDecision.class);
        long fingerprint = SchemaNormalization.parsingFingerprint64(ToolCallDecision.getClassSchema());

        byte[] value = codec.encode(SampleEvents.decision());

        assertThat(value[0]).isEqualTo((byte) 0xC3);
        assertThat(value[1]).isEqualTo((byte) 0x01);
        for (int i = 0; i < 8; i++) {
            assertThat(value[2 + i]).as("fingerprint byte %d", i).isEqualTo((byte) (fingerprint >>> (8 * i)));
        }
    }

    @Test
    void binaryEncodingIsWhatAvrosOwnMessageEncoderWrites() throws Exception {
        ToolCallDecision decision = SampleEvents.decision();

        byte[] ours = EventCodec.of(ToolCallDecision.class).encode(decision);

        assertThat(ours).isEqualTo(ToolCallDecision.getEncoder().encode(decision).array());
    }

    @Test
    void jsonEncodingIsReadableAvroJson() {
        byte[] json = EventCodec.of(ToolCallDecision.class).encodeJson(SampleEvents.decision("d-1"));

        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains("\"decision_id\":\"d-1\"")
                .contains("\"network\":{\"dev.sandstage.events.NetworkMode\":\"NONE\"}");
    }

    @Test
    void jsonMayOmitOptionalFieldsAndDefaultedCollections() {
        String json = """
                {"decision_id":"d-2","session_id":"s","tenant_id":"t","call_id":"c","tool":"echo",
                 "arguments_json":"{}","allowed":true,"policy_id":"p","policy_version":"1",
                 "issued_at":1772360130123,"expires_at":1772360190123}
                """;

        ToolCallDecision decision = EventCodec.of(ToolCallDecision.class).decodeJson(json.getBytes(StandardCharsets.UTF_8));

        assertThat(decision.getDecisionId()).isEqualTo("d-2");
        assertThat(decision.getIssuedAt()).isEqualTo(SampleEvents.T0);
        assertThat(decision.getSignature()).isNull();
        assertThat(decision.getConstraints()).isNull();
    }
}
