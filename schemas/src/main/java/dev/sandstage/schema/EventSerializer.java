package dev.sandstage.schema;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serializer} for one Sandstage event type. Writes Avro single-object encoding by
 * default; configured for {@link EventEncoding#JSON} it writes Avro JSON and sets the
 * {@value EventEncoding#CONTENT_TYPE_HEADER} header to {@code application/json}. In binary mode
 * it removes any {@code content-type} header, because the stage copies headers from a decision
 * to its results and a stale JSON label would make the binary value unreadable.
 *
 * <p>Called by the producer on the sending thread; thread-safe once configured.
 */
public final class EventSerializer<T extends SpecificRecord> implements Serializer<T> {

    private EventCodec<T> codec;
    private EventEncoding encoding;

    /** For Kafka's instantiation by class name; {@link #configure} must follow. */
    public EventSerializer() {
    }

    public EventSerializer(EventCodec<T> codec) {
        this(codec, EventEncoding.BINARY);
    }

    public EventSerializer(EventCodec<T> codec, EventEncoding encoding) {
        this.codec = codec;
        this.encoding = encoding;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (codec == null) {
            codec = (EventCodec<T>) EventSerdeConfig.codecFrom(configs);
            encoding = EventSerdeConfig.encodingFrom(configs);
        }
    }

    /** Without headers the JSON encoding cannot be labelled; callers then must label it themselves. */
    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : codec().encode(data, encoding);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        if (data == null) {
            return null;
        }
        headers.remove(EventEncoding.CONTENT_TYPE_HEADER);
        if (encoding == EventEncoding.JSON) {
            headers.add(EventEncoding.CONTENT_TYPE_HEADER, encoding.contentType().getBytes(StandardCharsets.UTF_8));
        }
        return codec().encode(data, encoding);
    }

    private EventCodec<T> codec() {
        if (codec == null) {
            throw new IllegalStateException("EventSerializer used before configure(); set " + EventSerdeConfig.EVENT_TYPE);
        }
        return codec;
    }
}
