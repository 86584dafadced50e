package dev.sandstage.schema;

import dev.sandstage.error.ErrorCode;
import java.util.Locale;
import java.util.Map;

/**
 * The two encodings a Sandstage record value may have, chosen by the record's
 * {@value #CONTENT_TYPE_HEADER} header: absent (or an Avro binary type) means {@link #BINARY},
 * {@code application/json} means {@link #JSON}. Immutable.
 */
public enum EventEncoding {

    /** Avro single-object encoding: the default, what the stage itself writes. */
    BINARY("application/vnd.apache.avro+binary"),
    /** Avro's JSON encoding of the current schema, for people typing into a console producer. */
    JSON("application/json");

    /** Name of the Kafka record header that selects the encoding. */
    public static final String CONTENT_TYPE_HEADER = "content-type";

    private final String contentType;

    EventEncoding(String contentType) {
        this.contentType = contentType;
    }

    /** The header value the serializer writes for this encoding. */
    public String contentType() {
        return contentType;
    }

    /**
     * Maps a header value to an encoding; {@code null} (no header) is {@link #BINARY}. Parameters
     * such as {@code ; charset=utf-8} and letter case are ignored.
     *
     * @throws EventDecodeException with {@link ErrorCode#UNSUPPORTED_CONTENT_TYPE} for anything else
     */
    public static EventEncoding fromContentType(String headerValue) {
        return fromContentType(headerValue, Map.of());
    }

    /** As {@link #fromContentType(String)}, with {@code context} (topic...) attached to the exception. */
    public static EventEncoding fromContentType(String headerValue, Map<String, ?> context) {
        if (headerValue == null) {
            return BINARY;
        }
        String mediaType = headerValue.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (mediaType) {
            case "application/json" -> JSON;
            case "application/vnd.apache.avro+binary", "application/avro", "avro/binary" -> BINARY;
            default -> throw new EventDecodeException(ErrorCode.UNSUPPORTED_CONTENT_TYPE,
                    "content-type \"" + headerValue + "\" is not supported; use application/json or omit the header for Avro binary",
                    withHeader(context, headerValue));
        };
    }

    private static Map<String, Object> withHeader(Map<String, ?> context, String headerValue) {
        Map<String, Object> where = new java.util.LinkedHashMap<>(context);
        where.put(CONTENT_TYPE_HEADER, headerValue);
        return where;
    }
}
