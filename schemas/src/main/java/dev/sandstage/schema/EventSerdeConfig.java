package dev.sandstage.schema;

import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration keys for {@link EventSerializer} and {@link EventDeserializer} when Kafka
 * instantiates them by class name (console tools, {@code key.serializer=...} properties). Code
 * that builds clients itself passes an {@link EventCodec} to the constructors instead.
 * Stateless; called on the thread that configures the client.
 */
public final class EventSerdeConfig {

    /** Fully qualified name of the generated event class, e.g. {@code dev.sandstage.events.ToolCallDecision}. */
    public static final String EVENT_TYPE = "sandstage.event.type";
    /** Serializer only: {@code binary} (default) or {@code json}. */
    public static final String ENCODING = "sandstage.event.encoding";

    private EventSerdeConfig() {
    }

    static EventCodec<?> codecFrom(Map<String, ?> configs) {
        Object name = configs.get(EVENT_TYPE);
        if (name == null) {
            throw new ConfigException(EVENT_TYPE, null, "required when the serde is created by class name");
        }
        Class<? extends SpecificRecord> type = SandstageEvents.TYPES.stream()
                .filter(t -> t.getName().equals(name.toString()))
                .findFirst()
                .orElseThrow(() -> new ConfigException(EVENT_TYPE, name, "not one of " + SandstageEvents.TYPES));
        return EventCodec.of(type);
    }

    static EventEncoding encodingFrom(Map<String, ?> configs) {
        Object value = configs.get(ENCODING);
        if (value == null) {
            return EventEncoding.BINARY;
        }
        try {
            return EventEncoding.valueOf(value.toString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ENCODING, value, "must be binary or json");
        }
    }
}
