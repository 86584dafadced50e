package dev.sandstage.publish;

import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Carries W3C trace context ({@code traceparent}, {@code tracestate}) from a decision's headers to
 * the records the stage writes for it, so a trace spans policy engine, stage and planner. Other
 * headers are not copied: the output records are new events, not the decision. Stateless; any thread.
 */
public final class TraceHeaders {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    private static final List<String> CARRIED = List.of(TRACEPARENT, TRACESTATE);

    private TraceHeaders() {
    }

    /** New headers holding the last value of each trace header present in {@code decisionHeaders}. */
    public static Headers from(Headers decisionHeaders) {
        RecordHeaders out = new RecordHeaders();
        if (decisionHeaders == null) {
            return out;
        }
        for (String name : CARRIED) {
            Header header = decisionHeaders.lastHeader(name);
            if (header != null) {
                out.add(name, header.value());
            }
        }
        return out;
    }
}
