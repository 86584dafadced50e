package dev.sandstage.error;

/**
 * Stable codes for everything that makes the stage refuse or fail an input. They travel in
 * {@code REJECTED} results ({@code error_code}), {@code INPUT_INVALID} audit events and DLQ
 * headers, so consumers outside this codebase match on them.
 *
 * <p>Rules for maintainers: a constant, once released, keeps its name and its meaning forever;
 * add new constants, never rename, reuse or remove one. Each constant says in one line when it
 * is used. Immutable; safe from any thread.
 */
public enum ErrorCode {

    // Decoding: the record value could not become the expected event.

    /** The record value was null or had zero bytes. */
    EMPTY_VALUE("record value is null or empty"),
    /** The value does not start with the Avro single-object marker {@code C3 01}. */
    NOT_SINGLE_OBJECT_ENCODING("value is not in Avro single-object encoding"),
    /** The writer-schema fingerprint names no schema this reader knows. */
    UNKNOWN_SCHEMA_FINGERPRINT("writer schema fingerprint is not known to this reader"),
    /** The value is a valid Sandstage event of another type than the one expected. */
    WRONG_RECORD_TYPE("value is a Sandstage event of another type"),
    /** The value ends before the record is complete. */
    TRUNCATED_RECORD("value ends before the record is complete"),
    /** The bytes cannot be the writer schema's encoding (bad length, union index, UTF-8...). */
    MALFORMED_RECORD("value bytes do not match the writer schema"),
    /** A complete record was read but bytes remain after it. */
    TRAILING_BYTES("bytes remain after the record"),
    /** A JSON-encoded value is not well-formed JSON (or not a single JSON object). */
    JSON_SYNTAX_ERROR("JSON value is not well-formed"),
    /** A JSON-encoded value is well-formed but does not fit the schema (missing field, wrong type). */
    JSON_SCHEMA_MISMATCH("JSON value does not match the schema"),
    /** The record's content-type header names an encoding the stage does not read. */
    UNSUPPORTED_CONTENT_TYPE("content-type header names an unsupported encoding");

    private final String description;

    ErrorCode(String description) {
        this.description = description;
    }

    /** One line saying when this code is used; for humans, not for matching. */
    public String description() {
        return description;
    }
}
