package dev.sandstage.schema.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstage.error.ErrorCode;
import dev.sandstage.schema.EventDecodeException;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads Avro's JSON encoding of one record type, with errors that name the offending field.
 * Jackson parses first (strictly: no duplicate keys, nothing after the object), then
 * {@link JsonSchemaWalker} checks the tree and fills omitted optional fields, then Avro decodes.
 *
 * <p>Thread-safe: the mapper and the datum reader are configured once and only read from.
 */
public final class JsonEventDecoder<T> {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Schema schema;
    private final SpecificDatumReader<T> reader;

    public JsonEventDecoder(Schema schema, SpecificDatumReader<T> reader) {
        this.schema = schema;
        this.reader = reader;
    }

    /** Decodes a non-empty value; every failure is an {@link EventDecodeException}. */
    public T decode(byte[] value, Map<String, ?> context) {
        JsonNode tree = parse(value, context);
        if (!tree.isObject()) {
            throw new EventDecodeException(ErrorCode.JSON_SCHEMA_MISMATCH,
                    "$: expected object (record " + schema.getName() + ") but got " + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT),
                    context);
        }
        String mismatch = JsonSchemaWalker.firstMismatch(tree, schema);
        if (mismatch != null) {
            throw new EventDecodeException(ErrorCode.JSON_SCHEMA_MISMATCH, mismatch, context);
        }
        try {
            return reader.read(null, DecoderFactory.get().jsonDecoder(schema, tree.toString()));
        } catch (IOException | AvroRuntimeException e) {
            // The walker should have caught it; keep Avro's words rather than guess a path.
            throw new EventDecodeException(ErrorCode.JSON_SCHEMA_MISMATCH,
                    "JSON does not match schema " + schema.getName() + ": " + e.getMessage(), context, e);
        }
    }

    private static JsonNode parse(byte[] value, Map<String, ?> context) {
        try {
            return MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new EventDecodeException(ErrorCode.JSON_SYNTAX_ERROR,
                    "value is not well-formed JSON: " + e.getOriginalMessage()
                            + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr()),
                    context, e);
        } catch (IOException e) {
            throw new EventDecodeException(ErrorCode.JSON_SYNTAX_ERROR, "value is not readable JSON: " + e.getMessage(), context, e);
        }
    }
}
