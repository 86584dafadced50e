package dev.sandstage.schema;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka {@link Deserializer} for one Sandstage event type. Honours the record's
 * {@value EventEncoding#CONTENT_TYPE_HEADER} header: absent means Avro single-object encoding,
 * {@code application/json} means Avro JSON.
 *
 * <p>A value that is not a valid event throws {@link EventDecodeException} (with the topic in its
 * context); the consumer wraps it in Kafka's {@code RecordDeserializationException}, which adds
 * partition and offset, and the owner of the consumer sends the raw record to the DLQ. Null
 * values (tombstones) are errors too ({@code EMPTY_VALUE}): no Sandstage topic uses them.
 *
 * <p>Called by the consumer on its owning thread; thread-safe once configured.
 */
public final class EventDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private EventCodec<T> codec;

    /** For Kafka's instantiation by class name; {@link #configure} must follow. */
    public EventDeserializer() {
    }

    public EventDeserializer(EventCodec<T> codec) {
        this.codec = codec;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (codec == null) {
            codec = (EventCodec<T>) EventSerdeConfig.codecFrom(configs);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return codec().decode(data, EventEncoding.BINARY, Map.of("topic", String.valueOf(topic)));
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        Header contentType = headers == null ? null : headers.lastHeader(EventEncoding.CONTENT_TYPE_HEADER);
        Map<String, ?> context = Map.of("topic", String.valueOf(topic));
        String headerValue = contentType == null || contentType.value() == null
                ? null
                : new String(contentType.value(), StandardCharsets.UTF_8);
        return codec().decode(data, EventEncoding.fromContentType(headerValue, context), context);
    }

    private EventCodec<T> codec() {
        if (codec == null) {
            throw new IllegalStateException("EventDeserializer used before configure(); set " + EventSerdeConfig.EVENT_TYPE);
        }
        return codec;
    }
}
