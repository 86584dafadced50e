package dev.sandstage.publish;

import dev.sandstage.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the dead-letter record for an input the stage could not decode: the original key and
 * value bytes untouched, the original headers kept, plus headers naming the error and where the
 * input came from. The consumer stages it in the same transaction as the input's offset, so it is
 * written exactly once. Stateless; any thread.
 */
public final class DlqRecord {

    public static final String ERROR_CODE = "sandstage.error.code";
    public static final String ERROR_MESSAGE = "sandstage.error.message";
    public static final String SOURCE_TOPIC = "sandstage.source.topic";
    public static final String SOURCE_PARTITION = "sandstage.source.partition";
    public static final String SOURCE_OFFSET = "sandstage.source.offset";

    private DlqRecord() {
    }

    /** The DLQ record for {@code source}, to be written to {@code dlqTopic}. */
    public static ProducerRecord<byte[], byte[]> of(String dlqTopic, ConsumerRecord<byte[], byte[]> source,
                                                    ErrorCode code, String message) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : source.headers()) {
            headers.add(header);
        }
        headers.add(ERROR_CODE, utf8(code.name()));
        headers.add(ERROR_MESSAGE, utf8(message == null ? code.description() : message));
        headers.add(SOURCE_TOPIC, utf8(source.topic()));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(source.offset())));
        return new ProducerRecord<>(dlqTopic, null, source.key(), source.value(), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
