package dev.sandstage.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DlqRecordTest {

    @Test
    void keepsOriginalBytesAndHeadersAndNamesTheErrorAndSource() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", bytes("00-abc-def-01"));
        byte[] key = bytes("session-1");
        byte[] value = {1, 2, 3};
        ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>("policy.decisions.v1", 4, 77L, 0L,
                TimestampType.CREATE_TIME, 0, 0, key, value, headers, Optional.empty());

        ProducerRecord<byte[], byte[]> dlq = DlqRecord.of("policy.decisions.v1.dlq", source,
                ErrorCode.NOT_SINGLE_OBJECT_ENCODING, "bad marker");

        assertThat(dlq.topic()).isEqualTo("policy.decisions.v1.dlq");
        assertThat(dlq.key()).isEqualTo(key);
        assertThat(dlq.value()).isEqualTo(value);
        assertThat(header(dlq, "traceparent")).isEqualTo("00-abc-def-01");
        assertThat(header(dlq, DlqRecord.ERROR_CODE)).isEqualTo("NOT_SINGLE_OBJECT_ENCODING");
        assertThat(header(dlq, DlqRecord.ERROR_MESSAGE)).isEqualTo("bad marker");
        assertThat(header(dlq, DlqRecord.SOURCE_TOPIC)).isEqualTo("policy.decisions.v1");
        assertThat(header(dlq, DlqRecord.SOURCE_PARTITION)).isEqualTo("4");
        assertThat(header(dlq, DlqRecord.SOURCE_OFFSET)).isEqualTo("77");
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
