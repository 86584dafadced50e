package dev.sandstage.consume.internal;

import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.publish.TraceHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.MDC;

/**
 * Puts a decision's identity and trace context into the SLF4J MDC for the log lines written
 * while it is handled, and removes them on close. Per thread; use in try-with-resources.
 */
public final class Mdc implements AutoCloseable {

    private static final String[] KEYS = {"decision_id", "session_id", TraceHeaders.TRACEPARENT, TraceHeaders.TRACESTATE};

    private Mdc() {}

    /** Sets the MDC for {@code d} on the current thread. */
    public static Mdc of(ToolCallDecision d, Headers headers) {
        MDC.put("decision_id", d.getDecisionId());
        MDC.put("session_id", d.getSessionId());
        put(headers, TraceHeaders.TRACEPARENT);
        put(headers, TraceHeaders.TRACESTATE);
        return new Mdc();
    }

    @Override
    public void close() {
        for (String key : KEYS) {
            MDC.remove(key);
        }
    }

    private static void put(Headers headers, String name) {
        Header h = headers == null ? null : headers.lastHeader(name);
        if (h != null && h.value() != null) {
            MDC.put(name, new String(h.value(), StandardCharsets.UTF_8));
        }
    }
}
