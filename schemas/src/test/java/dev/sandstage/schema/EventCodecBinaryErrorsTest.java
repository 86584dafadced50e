package dev.sandstage.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.AuditEvent;
import dev.sandstage.events.ExecutionJournalEntry;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.testing.SampleEvents;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class EventCodecBinaryErrorsTest {

    private final EventCodec<ToolCallDecision> decisions = EventCodec.of(ToolCallDecision.class);
    private final byte[] decisionHeader =
            Arrays.copyOf(decisions.encode(SampleEvents.decision()), 10);

    @Test
    void rejectsNullAndEmptyValues() {
        assertThat(decodeError(decisions, null).code()).isEqualTo(ErrorCode.EMPTY_VALUE);
        EventDecodeException empty = decodeError(decisions, new byte[0]);
        assertThat(empty.code()).isEqualTo(ErrorCode.EMPTY_VALUE);
        assertThat(empty).hasMessageContaining("value is empty, expected a ToolCallDecision");
    }

    @Test
    void rejectsValueWithoutSingleObjectMarker() {
        EventDecodeException e = decodeError(decisions, "{\"a\":1}".getBytes());

        assertThat(e.code()).isEqualTo(ErrorCode.NOT_SINGLE_OBJECT_ENCODING);
        assertThat(e).hasMessageContaining("C3 01").hasMessageContaining("first bytes: 7B 22 61 22");
    }

    @Test
    void rejectsMarkerWithoutCompleteFingerprintAsTruncated() {
        EventDecodeException e = decodeError(decisions, new byte[] {(byte) 0xC3, 0x01, 0x05});

        assertThat(e.code()).isEqualTo(ErrorCode.TRUNCATED_RECORD);
        assertThat(e).hasMessageContaining("fewer than the 10-byte single-object header");
    }

    @Test
    void rejectsUnknownWriterFingerprintNamingIt() {
        byte[] value = decisions.encode(SampleEvents.decision());
        Arrays.fill(value, 2, 10, (byte) 0x11);

        EventDecodeException e = decodeError(decisions, value);

        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_SCHEMA_FINGERPRINT);
        assertThat(e).hasMessageContaining("fingerprint 1111111111111111 is not a known version of ToolCallDecision");
        assertThat(e.context()).containsEntry("writer_fingerprint", "1111111111111111");
    }

    @Test
    void rejectsAnotherEventTypeNamingBoth() {
        byte[] result = EventCodec.of(dev.sandstage.events.ToolResult.class).encode(SampleEvents.result());

        EventDecodeException e = decodeError(decisions, result);

        assertThat(e.code()).isEqualTo(ErrorCode.WRONG_RECORD_TYPE);
        assertThat(e).hasMessageContaining("value is a ToolResult, expected a ToolCallDecision");
    }

    @Test
    void rejectsEveryTruncationOfAValidValue() {
        byte[] value = decisions.encode(SampleEvents.decision());

        for (int length = 10; length < value.length; length++) {
            EventDecodeException e = decodeError(decisions, Arrays.copyOf(value, length));
            assertThat(e.code()).as("cut at %d of %d", length, value.length).isEqualTo(ErrorCode.TRUNCATED_RECORD);
            assertThat(e).hasMessageContaining("ends before the record is complete");
        }
    }

    @Test
    void rejectsBytesAfterACompleteRecord() {
        byte[] value = decisions.encode(SampleEvents.decision());

        EventDecodeException e = decodeError(decisions, Arrays.copyOf(value, value.length + 3));

        assertThat(e.code()).isEqualTo(ErrorCode.TRAILING_BYTES);
        assertThat(e).hasMessageContaining("3 bytes remain after a complete ToolCallDecision record");
    }

    @Test
    void rejectsHugeStringLengthWithoutAllocatingIt() {
        byte[] value = concat(decisionHeader, varint(2_000_000_000L));

        long before = allocatedBytes();
        EventDecodeException e = decodeError(decisions, value);
        long allocated = allocatedBytes() - before;

        assertThat(e.code()).isEqualTo(ErrorCode.TRUNCATED_RECORD);
        assertThat(e).hasMessageContaining("string of 2000000000 bytes but only 0 remain");
        assertThat(allocated).as("bytes allocated while decoding").isLessThan(4L << 20);
    }

    @Test
    void rejectsHugeArrayCountWithoutAllocatingIt() {
        EventCodec<AuditEvent> audits = EventCodec.of(AuditEvent.class);
        AuditEvent event = SampleEvents.audit();
        event.setViolations(java.util.List.of());
        event.setDetail(java.util.Map.of());
        byte[] valid = audits.encode(event);
        // The body ends with two zero block counts: empty violations, empty detail.
        byte[] value = concat(Arrays.copyOf(valid, valid.length - 2), varint(1_000_000_000L));

        long before = allocatedBytes();
        EventDecodeException e = decodeError(audits, value);
        long allocated = allocatedBytes() - before;

        assertThat(e.code()).isEqualTo(ErrorCode.TRUNCATED_RECORD);
        assertThat(e).hasMessageContaining("array block claims 1000000000 items but only 0 bytes remain");
        assertThat(allocated).as("bytes allocated while decoding").isLessThan(4L << 20);
    }

    @Test
    void rejectsNegativeLengthAsMalformed() {
        EventDecodeException e = decodeError(decisions, concat(decisionHeader, varint(-5)));

        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RECORD);
        assertThat(e).hasMessageContaining("string length -5 is negative");
    }

    @Test
    void rejectsInvalidUtf8AsMalformed() {
        byte[] value = concat(decisionHeader, varint(2), new byte[] {(byte) 0xC3, 0x28});

        EventDecodeException e = decodeError(decisions, value);

        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RECORD);
        assertThat(e).hasMessageContaining("is not valid UTF-8");
    }

    @Test
    void rejectsOutOfRangeUnionAndEnumIndexesAsMalformed() {
        EventCodec<ExecutionJournalEntry> journal = EventCodec.of(ExecutionJournalEntry.class);
        // The body ends with final_status: union index 1, then the enum index of SUCCEEDED.
        byte[] valid = journal.encode(SampleEvents.journalEntry());
        byte[] badUnion = concat(Arrays.copyOf(valid, valid.length - 2), varint(7), varint(1));
        byte[] badEnum = concat(Arrays.copyOf(valid, valid.length - 1), varint(99));

        EventDecodeException union = decodeError(journal, badUnion);
        EventDecodeException enumeration = decodeError(journal, badEnum);

        assertThat(union.code()).isEqualTo(ErrorCode.MALFORMED_RECORD);
        assertThat(union).hasMessageContaining("bytes do not match the writer schema");
        assertThat(enumeration.code()).isEqualTo(ErrorCode.MALFORMED_RECORD);
        assertThat(enumeration).hasMessageContaining("bytes do not match the writer schema");
    }

    static EventDecodeException decodeError(EventCodec<?> codec, byte[] value) {
        EventDecodeException e = catchThrowableOfType(EventDecodeException.class, () -> codec.decode(value));
        assertThat(e).as("decoding must fail with EventDecodeException").isNotNull();
        return e;
    }

    static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            encoder.writeLong(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static long fingerprintOf(org.apache.avro.Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
