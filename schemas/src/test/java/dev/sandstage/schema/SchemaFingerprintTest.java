package dev.sandstage.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstage.events.ToolResult;
import dev.sandstage.testing.SampleEvents;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class SchemaFingerprintTest {

    @Test
    void thePrintedFormIsTheHexOfTheEightHeaderBytesInTheOrderTheyAppear() {
        byte[] value = EventCodec.of(ToolResult.class).encode(SampleEvents.result());

        assertThat(SchemaFingerprint.hexOf(ToolResult.getClassSchema()))
                .isEqualTo(HexFormat.of().formatHex(Arrays.copyOfRange(value, 2, 10)));
    }

    @Test
    void theHeaderBytesAreTheCrcLittleEndian() {
        long crc = SchemaNormalization.parsingFingerprint64(ToolResult.getClassSchema());

        assertThat(SchemaFingerprint.hex(0x0123456789abcdefL)).isEqualTo("efcdab8967452301");
        assertThat(SchemaFingerprint.of(ToolResult.getClassSchema())).isEqualTo(crc);
    }

    @Test
    void parsesThePrintedFormInEitherCase() {
        long fingerprint = SchemaFingerprint.of(ToolResult.getClassSchema());

        assertThat(SchemaFingerprint.parse(SchemaFingerprint.hex(fingerprint))).isEqualTo(fingerprint);
        assertThat(SchemaFingerprint.parse("EFCDAB8967452301")).isEqualTo(0x0123456789abcdefL);
    }

    @Test
    void refusesAnythingButSixteenAsciiHexDigits() {
        for (String bad : new String[] {"", "efcdab896745230", "efcdab89674523011", "efcdab896745230g",
                "+fcdab8967452301", "efcdab896745230\u0663", null}) {
            assertThatThrownBy(() -> SchemaFingerprint.parse(bad)).as("%s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 hex digits");
        }
    }
}
