package dev.sandstage.schema;

import dev.sandstage.error.ErrorCode;
import dev.sandstage.schema.internal.BoundedBinaryDecoder;
import dev.sandstage.schema.internal.JsonEventDecoder;
import dev.sandstage.schema.internal.MalformedBytesException;
import dev.sandstage.schema.internal.SingleObjectHeader;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one Sandstage event type ({@code ToolCallDecision}, {@code ToolResult},
 * {@code AuditEvent}, {@code ExecutionJournalEntry}) as a Kafka record value.
 *
 * <p>Binary values use Avro's single-object encoding ({@code C3 01}, the writer schema's 8-byte
 * CRC-64-AVRO fingerprint little-endian, then the binary body), so each value names its writer
 * schema without a registry. Decoding looks the fingerprint up among the known writer schemas
 * (the current one plus any other versions given to {@link #of(Class, Collection)}), resolves
 * writer to reader schema, and rejects leftover bytes. JSON values use Avro's JSON encoding of
 * the current schema. Every failure is an {@link EventDecodeException} with a precise
 * {@link ErrorCode}; random bytes never allocate more memory than their own size.
 *
 * <p>Used by {@link EventSerializer} and {@link EventDeserializer}, and directly by code that
 * signs or hashes events. Thread-safe and immutable: build one per type and share it between
 * the consumer thread, publisher threads and benchmarks.
 */
public final class EventCodec<T extends SpecificRecord> {

    private final Class<T> type;
    private final Schema schema;
    private final byte[] header;
    private final SpecificDatumWriter<T> writer;
    private final Map<Long, SpecificDatumReader<T>> readers;
    private final Map<Long, String> otherEventTypes;
    private final JsonEventDecoder<T> jsonDecoder;

    private EventCodec(Class<T> type, Collection<Schema> knownWriterSchemas) {
        SpecificData model = SpecificData.getForClass(type);
        this.type = type;
        this.schema = SandstageEvents.schemaOf(type);
        this.header = SingleObjectHeader.forFingerprint(SingleObjectHeader.fingerprint(schema));
        this.writer = new SpecificDatumWriter<>(schema, model);
        Map<Long, SpecificDatumReader<T>> byFingerprint = new HashMap<>();
        byFingerprint.put(SingleObjectHeader.fingerprint(schema), new SpecificDatumReader<>(schema, schema, model));
        Map<Long, String> others = new HashMap<>();
        for (Class<? extends SpecificRecord> other : SandstageEvents.TYPES) {
            if (other != type) {
                others.put(SingleObjectHeader.fingerprint(SandstageEvents.schemaOf(other)), other.getSimpleName());
            }
        }
        for (Schema old : knownWriterSchemas) {
            if (!old.getFullName().equals(schema.getFullName())) {
                others.put(SingleObjectHeader.fingerprint(old), old.getName());
                continue;
            }
            if (SingleObjectHeader.fingerprint(old) == SingleObjectHeader.fingerprint(schema)) {
                continue; // the current schema itself, already read without resolution
            }
            requireReadable(old);
            byFingerprint.put(SingleObjectHeader.fingerprint(old), new SpecificDatumReader<>(old, schema, model));
        }
        this.readers = Map.copyOf(byFingerprint);
        this.otherEventTypes = Map.copyOf(others);
        this.jsonDecoder = new JsonEventDecoder<>(schema, new SpecificDatumReader<>(schema, schema, model));
    }

    /** A codec that reads and writes only the current schema of {@code type}. */
    public static <T extends SpecificRecord> EventCodec<T> of(Class<T> type) {
        return new EventCodec<>(type, List.of());
    }

    /**
     * A codec that also decodes values written with {@code knownWriterSchemas} (released versions
     * of the same record). Schemas of other Sandstage types are accepted too and only sharpen the
     * error for such values to {@link ErrorCode#WRONG_RECORD_TYPE}.
     *
     * @throws IllegalArgumentException if an older schema of this type cannot be resolved to the current one
     */
    public static <T extends SpecificRecord> EventCodec<T> of(Class<T> type, Collection<Schema> knownWriterSchemas) {
        return new EventCodec<>(type, knownWriterSchemas);
    }

    /**
     * A codec for a reader: it also decodes values written with every released schema of
     * {@code type} ({@link ReleasedSchemas}), so values an older release wrote stay readable, and
     * tells released schemas of other types apart ({@link ErrorCode#WRONG_RECORD_TYPE}).
     */
    public static <T extends SpecificRecord> EventCodec<T> reading(Class<T> type) {
        return new EventCodec<>(type, ReleasedSchemas.schemas());
    }

    /** The event class this codec produces. */
    public Class<T> type() {
        return type;
    }

    /** The current schema, which this codec writes with. */
    public Schema schema() {
        return schema;
    }

    /** Avro single-object encoding of {@code event} with the current schema. */
    public byte[] encode(T event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(header);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** Avro JSON encoding of {@code event} with the current schema (UTF-8). */
    public byte[] encodeJson(T event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try {
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
            writer.write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** Encodes in the given encoding. */
    public byte[] encode(T event, EventEncoding encoding) {
        return encoding == EventEncoding.JSON ? encodeJson(event) : encode(event);
    }

    /** Decodes a single-object-encoded value. */
    public T decode(byte[] value) {
        return decode(value, EventEncoding.BINARY, Map.of());
    }

    /** Decodes a JSON-encoded value. */
    public T decodeJson(byte[] value) {
        return decode(value, EventEncoding.JSON, Map.of());
    }

    /**
     * Decodes a value in the given encoding; {@code context} (topic, partition...) is attached to
     * any exception.
     *
     * @throws EventDecodeException for every reason the value is not a {@code T}
     */
    public T decode(byte[] value, EventEncoding encoding, Map<String, ?> context) {
        Map<String, Object> where = new LinkedHashMap<>(context);
        where.put("expected", type.getSimpleName());
        if (value == null || value.length == 0) {
            throw new EventDecodeException(ErrorCode.EMPTY_VALUE,
                    "value is " + (value == null ? "null" : "empty") + ", expected a " + type.getSimpleName(), where);
        }
        return encoding == EventEncoding.JSON ? jsonDecoder.decode(value, where) : decodeBinary(value, where);
    }

    private T decodeBinary(byte[] value, Map<String, Object> where) {
        if (!SingleObjectHeader.hasMarker(value)) {
            throw new EventDecodeException(ErrorCode.NOT_SINGLE_OBJECT_ENCODING, String.format(
                    "value does not start with the Avro single-object marker C3 01 (first bytes: %s)", firstBytes(value)), where);
        }
        if (value.length < SingleObjectHeader.LENGTH) {
            throw new EventDecodeException(ErrorCode.TRUNCATED_RECORD,
                    "value has " + value.length + " bytes, fewer than the 10-byte single-object header", where);
        }
        long fingerprint = SingleObjectHeader.readFingerprint(value);
        SpecificDatumReader<T> reader = readers.get(fingerprint);
        if (reader == null) {
            throw unknownWriter(fingerprint, where);
        }
        where.put("writer_fingerprint", SingleObjectHeader.hex(fingerprint));
        BoundedBinaryDecoder in = new BoundedBinaryDecoder(value, SingleObjectHeader.LENGTH, value.length - SingleObjectHeader.LENGTH);
        T event;
        try {
            event = reader.read(null, in);
        } catch (EOFException e) {
            throw new EventDecodeException(ErrorCode.TRUNCATED_RECORD, "value ends before the record is complete: " + e.getMessage(), where, e);
        } catch (MalformedBytesException e) {
            throw new EventDecodeException(ErrorCode.MALFORMED_RECORD, e.getMessage(), where, e);
        } catch (IOException | RuntimeException e) {
            // Avro reports impossible union or enum indexes as AvroTypeException or index errors.
            throw new EventDecodeException(ErrorCode.MALFORMED_RECORD,
                    "bytes do not match the writer schema: " + e.getClass().getSimpleName() + ": " + e.getMessage(), where, e);
        }
        if (in.remaining() > 0) {
            throw new EventDecodeException(ErrorCode.TRAILING_BYTES,
                    in.remaining() + " bytes remain after a complete " + type.getSimpleName() + " record", where);
        }
        return event;
    }

    private EventDecodeException unknownWriter(long fingerprint, Map<String, Object> where) {
        String hex = SingleObjectHeader.hex(fingerprint);
        where.put("writer_fingerprint", hex);
        String otherType = otherEventTypes.get(fingerprint);
        if (otherType != null) {
            return new EventDecodeException(ErrorCode.WRONG_RECORD_TYPE,
                    "value is a " + otherType + ", expected a " + type.getSimpleName(), where);
        }
        return new EventDecodeException(ErrorCode.UNKNOWN_SCHEMA_FINGERPRINT,
                "writer schema fingerprint " + hex + " is not a known version of " + type.getSimpleName(), where);
    }

    private void requireReadable(Schema old) {
        SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(schema, old);
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new IllegalArgumentException("writer schema " + SingleObjectHeader.hex(SingleObjectHeader.fingerprint(old))
                    + " cannot be read as the current " + schema.getName() + ": " + result.getDescription());
        }
    }

    private static String firstBytes(byte[] value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(4, value.length); i++) {
            sb.append(String.format("%02X ", value[i]));
        }
        return sb.toString().trim();
    }
}
