package dev.sandstage.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

    @ParameterizedTest
    @CsvSource({"250ms,250", "5s,5000", "2m,120000", "1h,3600000", " 7s ,7000", "0s,0"})
    void parsesDurationsWithAUnit(String text, long millis) {
        assertThat(Quantities.parseDuration(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5x", "5", "s", "-5s", "1.5s", "", "5 s"})
    void rejectsDurationsWithoutAKnownUnitAndSaysWhatToWrite(String text) {
        assertThatThrownBy(() -> Quantities.parseDuration(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"" + text + "\" is not a duration (use 250ms, 5s, 2m)");
    }

    @ParameterizedTest
    @CsvSource({"65536,65536", "64KiB,65536", "64Ki,65536", "64k,65536", "64Mi,67108864", "64MiB,67108864",
            "1G,1073741824", "1GiB,1073741824", "2TiB,2199023255552", "100B,100", "100b,100"})
    void parsesSizesInBinaryUnits(String text, long bytes) {
        assertThat(Quantities.parseBytes(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"64Xi", "Mi", "-1", "1.5Mi", "64i", "64ib", "lots"})
    void rejectsMalformedSizes(String text) {
        assertThatThrownBy(() -> Quantities.parseBytes(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"" + text + "\" is not a size (use 65536, 64KiB, 64Mi, 1GiB)");
    }

    @Test
    void rejectsSizesThatOverflowALong() {
        assertThatThrownBy(() -> Quantities.parseBytes("9999999999999Ti")).hasMessageContaining("too large");
    }
}
