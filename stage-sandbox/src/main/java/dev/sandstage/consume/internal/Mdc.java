package dev.sandstage.consume.internal;

import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.publish.TraceHeaders;
import dev.sandstage.publish.TraceParent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.MDC;

/**
 * Puts a decision's identity and trace context into the SLF4J MDC for the log lines written
 * while it is handled, and removes them on close: {@value #DECISION_ID}, {@value #SESSION_ID},
 * and, when the decision carries a well-formed {@code traceparent} header, {@value #TRACE_ID} and
 * {@value #SPAN_ID} (the caller's span). The text pattern of the shipped {@code logback.xml}
 * files and the JSON lines of {@code log.format: json} show them. Per thread; use in
 * try-with-resources.
 */
public final class Mdc implements AutoCloseable {

    static final String DECISION_ID = "decision_id";
    static final String SESSION_ID = "session_id";
    static final String TRACE_ID = "trace_id";
    static final String SPAN_ID = "span_id";
    private static final String[] KEYS = {DECISION_ID, SESSION_ID, TRACE_ID, SPAN_ID};

    private Mdc() {}

    /** Sets the MDC for {@code d} on the current thread. */
    public static Mdc of(ToolCallDecision d, Headers headers) {
        MDC.put(DECISION_ID, d.getDecisionId());
        MDC.put(SESSION_ID, d.getSessionId());
        Header h = headers == null ? null : headers.lastHeader(TraceHeaders.TRACEPARENT);
        TraceParent.parse(h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.US_ASCII))
                .ifPresent(t -> {
                    MDC.put(TRACE_ID, t.traceId());
                    MDC.put(SPAN_ID, t.spanId());
                });
        return new Mdc();
    }

    @Override
    public void close() {
        for (String key : KEYS) {
            MDC.remove(key);
        }
    }
}
