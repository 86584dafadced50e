package dev.sandstage.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns endpoint answers (records such as {@code PoolSnapshot}) into JSON text. Instants and
 * durations are written as ISO-8601 strings without pulling in Jackson's java.time module.
 * Thread-safe: the mapper is configured once and only used to write.
 */
public final class JsonBodies {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("sandstage-http")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(Duration.class, ToStringSerializer.instance))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private JsonBodies() {}

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }
}
