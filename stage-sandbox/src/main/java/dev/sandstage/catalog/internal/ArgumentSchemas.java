package dev.sandstage.catalog.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Compiles the catalog's argument schemas (JSON Schema draft 2020-12, the default when a schema
 * names no {@code $schema}) after checking each against the draft's meta-schema, which the
 * validator library ships on its classpath. Messages use JSON paths ({@code $.path}) in English.
 * Thread-safe once built; used while loading the catalog.
 */
final class ArgumentSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_PATH)
            .locale(Locale.ENGLISH)
            .build();

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final JsonSchema metaSchema = factory.getSchema(SchemaLocation.of(SchemaId.V202012), CONFIG);

    /**
     * The compiled schema for {@code bytes}.
     *
     * @throws IllegalArgumentException whose message says why the bytes are not a usable schema
     */
    JsonSchema compile(byte[] bytes) {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("is not valid JSON: " + e.getMessage(), e);
        }
        if (node == null || !(node.isObject() || node.isBoolean())) {
            throw new IllegalArgumentException("is not a JSON Schema: expected an object or a boolean");
        }
        List<String> problems = metaSchema.validate(node).stream().map(ValidationMessage::getMessage).sorted()
                .toList();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("is not a valid JSON Schema (draft 2020-12): "
                    + String.join("; ", problems));
        }
        try {
            JsonSchema schema = factory.getSchema(node, CONFIG);
            schema.initializeValidators();
            return schema;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("is not a usable JSON Schema: " + e.getMessage(), e);
        }
    }
}
