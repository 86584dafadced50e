package dev.sandstage.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
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

    @Test
    void addsExactlyTheFiveDocumentedHeadersAsUtf8TextAfterTheOriginalOnes() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", bytes("application/json"));
        headers.add(DlqRecord.ERROR_CODE, bytes("FROM_AN_EARLIER_HOP"));
        headers.add("x-binary", new byte[] {0, (byte) 0xff});
        ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>("decisions", 0, 9_000_000_000L, 0L,
                TimestampType.CREATE_TIME, 0, 0, null, null, headers, Optional.empty());

        ProducerRecord<byte[], byte[]> dlq = DlqRecord.of("dlq", source, ErrorCode.EMPTY_VALUE, "vide: valeur nulle ✗");

        assertThat(dlq.headers().toArray()).extracting(Header::key).containsExactly("content-type",
                DlqRecord.ERROR_CODE, "x-binary", DlqRecord.ERROR_CODE, DlqRecord.ERROR_MESSAGE,
                DlqRecord.SOURCE_TOPIC, DlqRecord.SOURCE_PARTITION, DlqRecord.SOURCE_OFFSET);
        assertThat(dlq.headers().toArray()[2].value()).as("original header bytes untouched").containsExactly(0, 0xff);
        assertThat(header(dlq, DlqRecord.ERROR_CODE)).as("the stage's header is the last of its name")
                .isEqualTo("EMPTY_VALUE");
        assertThat(header(dlq, DlqRecord.ERROR_MESSAGE)).isEqualTo("vide: valeur nulle ✗");
        assertThat(header(dlq, DlqRecord.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(dlq, DlqRecord.SOURCE_OFFSET)).as("decimal, no grouping").isEqualTo("9000000000");
        assertThat(dlq.key()).isNull();
        assertThat(dlq.value()).as("a tombstone stays a tombstone").isNull();
        assertThat(dlq.partition()).as("chosen by the producer from the key").isNull();
        assertThat(dlq.timestamp()).as("the time of writing, not the source's").isNull();
    }

    @Test
    void withoutAMessageTheHeaderCarriesTheCodesDescription() {
        ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>("decisions", 1, 2L, bytes("k"), bytes("v"));

        ProducerRecord<byte[], byte[]> dlq = DlqRecord.of("dlq", source, ErrorCode.TRAILING_BYTES, null);

        assertThat(header(dlq, DlqRecord.ERROR_MESSAGE)).isEqualTo(ErrorCode.TRAILING_BYTES.description())
                .isEqualTo("bytes remain after the record");
        assertThat(dlq.headers().toArray()).extracting(Header::key).containsExactly(DlqRecord.ERROR_CODE,
                DlqRecord.ERROR_MESSAGE, DlqRecord.SOURCE_TOPIC, DlqRecord.SOURCE_PARTITION, DlqRecord.SOURCE_OFFSET);
    }

    @Test
    void everyHeaderTheStageAddsIsDocumentedInTheReadmesEventContracts() throws IOException {
        String root = System.getProperty("sandstage.repo.root");
        // Surefire runs in the module directory; failsafe passes the repository root explicitly.
        String readme = Files.readString((root == null || root.isBlank() ? Path.of("..") : Path.of(root))
                .resolve("README.md"));
        int begin = readme.indexOf("## Event contracts");
        assertThat(begin).as("README.md has an Event contracts section").isNotNegative();
        String contracts = readme.substring(begin, readme.indexOf("\n## ", begin + 1));
        ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>("decisions", 1, 2L, bytes("k"), bytes("v"));

        ProducerRecord<byte[], byte[]> dlq = DlqRecord.of("dlq", source, ErrorCode.TRAILING_BYTES, "m");

        assertThat(dlq.headers().toArray()).extracting(Header::key)
                .allSatisfy(name -> assertThat(contracts).contains("`" + name + "`"));
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
