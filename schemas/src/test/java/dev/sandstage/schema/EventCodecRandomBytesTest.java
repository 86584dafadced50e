package dev.sandstage.schema;

import static dev.sandstage.schema.EventCodecBinaryErrorsTest.concat;
import static dev.sandstage.schema.EventCodecBinaryErrorsTest.decodeError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.AuditEvent;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.testing.SampleEvents;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Fuzzing with a fixed seed: every outcome is a typed error, whatever the bytes. */
class EventCodecRandomBytesTest {

    private static final long SEED = 20260301L;
    private static final Set<ErrorCode> BODY_ERRORS =
            Set.of(ErrorCode.TRUNCATED_RECORD, ErrorCode.MALFORMED_RECORD, ErrorCode.TRAILING_BYTES);

    @Test
    void randomBodiesBehindAValidHeaderGiveBodyErrors() {
        assertRandomBodiesGiveBodyErrors(EventCodec.of(ToolCallDecision.class), SampleEvents.decision());
        assertRandomBodiesGiveBodyErrors(EventCodec.of(AuditEvent.class), SampleEvents.audit());
    }

    @Test
    void randomValuesWithoutMarkerAreNotSingleObjectEncoding() {
        Random random = new Random(SEED);
        EventCodec<ToolCallDecision> codec = EventCodec.of(ToolCallDecision.class);
        for (int i = 0; i < 1_000; i++) {
            byte[] value = randomBytes(random, 1 + random.nextInt(300));
            value[0] = (byte) (random.nextInt(0xC3));
            assertThat(decodeError(codec, value).code()).isEqualTo(ErrorCode.NOT_SINGLE_OBJECT_ENCODING);
        }
    }

    @Test
    void randomFingerprintsAreUnknown() {
        Random random = new Random(SEED);
        EventCodec<ToolCallDecision> codec = EventCodec.of(ToolCallDecision.class);
        for (int i = 0; i < 1_000; i++) {
            byte[] value = randomBytes(random, 10 + random.nextInt(300));
            value[0] = (byte) 0xC3;
            value[1] = 0x01;
            assertThat(decodeError(codec, value).code()).isEqualTo(ErrorCode.UNKNOWN_SCHEMA_FINGERPRINT);
        }
    }

    private static <T extends SpecificRecord> void assertRandomBodiesGiveBodyErrors(EventCodec<T> codec, T sample) {
        Random random = new Random(SEED);
        byte[] header = Arrays.copyOf(codec.encode(sample), 10);
        for (int i = 0; i < 5_000; i++) {
            byte[] value = concat(header, randomBytes(random, random.nextInt(400)));
            EventDecodeException e = decodeError(codec, value);
            assertThat(e.code()).as("iteration %d: %s", i, e.getMessage()).isIn(BODY_ERRORS);
        }
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
