package dev.sandstage.publish;

import dev.sandstage.events.AuditEvent;
import dev.sandstage.events.ToolResult;
import dev.sandstage.schema.EventCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Builds the result and audit records the publisher stages: key = session id (so a session's
 * outputs stay ordered in one partition), value = the event in Avro single-object encoding,
 * headers = the decision's trace context. Immutable and thread-safe; the consumer's owning thread
 * builds records, executor threads may too.
 */
public final class OutputRecords {

    private final EventCodec<ToolResult> results = EventCodec.of(ToolResult.class);
    private final EventCodec<AuditEvent> audits = EventCodec.of(AuditEvent.class);
    private final String resultTopic;
    private final String auditTopic;

    public OutputRecords(String resultTopic, String auditTopic) {
        this.resultTopic = resultTopic;
        this.auditTopic = auditTopic;
    }

    /** A result record; {@code decisionHeaders} may be null. */
    public ProducerRecord<byte[], byte[]> result(ToolResult result, Headers decisionHeaders) {
        return new ProducerRecord<>(resultTopic, null, key(result.getSessionId()), results.encode(result),
                TraceHeaders.from(decisionHeaders));
    }

    /** An audit record; {@code decisionHeaders} may be null. */
    public ProducerRecord<byte[], byte[]> audit(AuditEvent event, Headers decisionHeaders) {
        return new ProducerRecord<>(auditTopic, null, key(event.getSessionId()), audits.encode(event),
                TraceHeaders.from(decisionHeaders));
    }

    private static byte[] key(CharSequence sessionId) {
        return sessionId == null ? null : sessionId.toString().getBytes(StandardCharsets.UTF_8);
    }
}
