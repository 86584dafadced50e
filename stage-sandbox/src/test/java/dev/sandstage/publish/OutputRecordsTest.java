package dev.sandstage.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.events.ToolResult;
import dev.sandstage.schema.EventCodec;
import dev.sandstage.testing.SampleEvents;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class OutputRecordsTest {

    @Test
    void resultIsKeyedBySessionEncodedAsSingleObjectAndCarriesTraceContextOnly() {
        RecordHeaders decisionHeaders = new RecordHeaders();
        decisionHeaders.add(TraceHeaders.TRACEPARENT, bytes("00-trace-span-01"));
        decisionHeaders.add(TraceHeaders.TRACESTATE, bytes("vendor=1"));
        decisionHeaders.add("content-type", bytes("application/json"));
        ToolResult result = SampleEvents.result();

        ProducerRecord<byte[], byte[]> record = new OutputRecords("tool.results.v1", "tool.audit.v1").result(result, decisionHeaders);

        assertThat(record.topic()).isEqualTo("tool.results.v1");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("session-42");
        assertThat(EventCodec.of(ToolResult.class).decode(record.value())).isEqualTo(result);
        assertThat(record.headers().toArray()).extracting(Header::key)
                .containsExactly(TraceHeaders.TRACEPARENT, TraceHeaders.TRACESTATE);
    }

    @Test
    void auditWithoutDecisionHeadersHasNoHeaders() {
        ProducerRecord<byte[], byte[]> record = new OutputRecords("r", "a").audit(SampleEvents.audit(), null);

        assertThat(record.topic()).isEqualTo("a");
        assertThat(record.headers().toArray()).isEmpty();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
