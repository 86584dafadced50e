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
    UNSUPPORTED_CONTENT_TYPE("content-type header names an unsupported encoding"),

    // Verification: a decoded decision that the stage refuses to run.

    /** The policy engine did not allow the call ({@code allowed} is false). */
    DECISION_NOT_ALLOWED("the policy engine did not allow the call"),
    /** The decision carries no signature and the stage requires one. */
    SIGNATURE_MISSING("decision is unsigned and a signature is required"),
    /** The signature's algorithm is unknown, or not the algorithm of the named key. */
    SIGNATURE_ALGORITHM_UNSUPPORTED("signature algorithm is unsupported or does not match the key"),
    /** The signature names a key id the stage has not configured. */
    SIGNATURE_KEY_UNKNOWN("signature names a key id that is not configured"),
    /** The signature does not verify over the decision's signing bytes. */
    SIGNATURE_INVALID("signature does not verify"),
    /** {@code expires_at} plus the allowed clock skew is in the past. */
    DECISION_EXPIRED("decision expired"),
    /** {@code issued_at} is further in the future than the allowed clock skew. */
    DECISION_FROM_FUTURE("decision was issued in the future beyond the allowed clock skew"),
    /** A decision with this {@code decision_id} was executed before. */
    DECISION_REPLAYED("decision id was executed before"),
    /** The tool is not in the catalog. */
    TOOL_UNKNOWN("tool is not in the catalog"),
    /** {@code arguments_json} is larger than the tool's or the stage's cap. */
    ARGUMENTS_TOO_LARGE("arguments exceed the size cap"),
    /** {@code arguments_json} is not one well-formed JSON document. */
    ARGUMENTS_NOT_JSON("arguments are not well-formed JSON"),
    /** {@code arguments_json} does not validate against the tool's JSON Schema. */
    ARGUMENTS_SCHEMA_VIOLATION("arguments do not match the tool's JSON Schema"),
    /** A constraint is above the tool's ceiling (or asks for network the tool does not have). */
    CONSTRAINTS_LOOSEN_LIMITS("constraints would loosen the tool's limits"),
    /**
     * The constraints tighten memory or CPU where the stage cannot give the call its own sandbox:
     * a session-isolated tool (its sandbox and workspace are shared by the session's calls), or
     * a value below the smallest container limit (8 MiB, 0.01 CPU). The call did not run.
     */
    CONSTRAINTS_NOT_ENFORCEABLE("constraints tighten memory or CPU in a way the sandbox cannot enforce"),

    // Execution: an accepted decision whose call did not end with exit status 0.

    /** The stage stopped or crashed while the call ran; a non-idempotent tool is never run again. */
    EXECUTION_INTERRUPTED("the call was interrupted by a stage shutdown or crash and was not run again"),
    /** The tool exited with a non-zero status. */
    TOOL_EXIT_NONZERO("the tool exited with a non-zero status"),
    /** A signal the stage did not send ended the tool. */
    TOOL_KILLED_BY_SIGNAL("a signal ended the tool"),
    /** The call ran past its wall-time limit and was killed. */
    EXECUTION_TIMED_OUT("the call ran past its timeout"),
    /** The call was killed for exceeding its memory limit. */
    EXECUTION_OOM_KILLED("the call exceeded its memory limit"),
    /** The call wrote more output than its ceiling and was killed. */
    EXECUTION_OUTPUT_LIMIT("the call wrote more output than allowed"),
    /** The tool's command could not be started inside the sandbox. */
    SANDBOX_SPAWN_FAILED("the tool could not be started in the sandbox"),
    /** The sandbox's agent stopped answering during the call. */
    SANDBOX_AGENT_LOST("the sandbox agent was lost during the call"),
    /** No sandbox became free before the acquire deadline. */
    SANDBOX_POOL_EXHAUSTED("no sandbox became free in time"),
    /** No sandbox could be obtained for another reason (pool closed, creation failing). */
    SANDBOX_UNAVAILABLE("no sandbox could be obtained"),
    /** The STARTED journal entry of a non-idempotent call could not be written, so it did not run. */
    JOURNAL_WRITE_FAILED("the execution journal could not record the start, so the call did not run");

    private final String description;

    ErrorCode(String description) {
        this.description = description;
    }

    /** One line saying when this code is used; for humans, not for matching. */
    public String description() {
        return description;
    }
}
