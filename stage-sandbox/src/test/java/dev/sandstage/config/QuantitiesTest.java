package dev.sandstage.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @Test
    void readsDurationsInEveryUnit() {
        assertThat(Quantities.parseDuration("k", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Quantities.parseDuration("k", "5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Quantities.parseDuration("k", " 2m ")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Quantities.parseDuration("k", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Quantities.parseDuration("k", "2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Quantities.parseDuration("k", "0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void rejectsDurationsWithoutUnitOrWithUnknownUnit() {
        assertThatThrownBy(() -> Quantities.parseDuration("stage.shutdown-grace", "30"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("stage.shutdown-grace=30: a duration needs a unit");
        assertThatThrownBy(() -> Quantities.parseDuration("k", "5 weeks")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("k=5 weeks: not a duration");
        assertThatThrownBy(() -> Quantities.parseDuration("k", "-5s")).isInstanceOf(ConfigException.class);
    }

    @Test
    void readsSizesInBinaryAndDecimalUnits() {
        assertThat(Quantities.parseSize("k", "512")).isEqualTo(512);
        assertThat(Quantities.parseSize("k", "512B")).isEqualTo(512);
        assertThat(Quantities.parseSize("k", "64KiB")).isEqualTo(64 * 1024);
        assertThat(Quantities.parseSize("k", "1MiB")).isEqualTo(1024 * 1024);
        assertThat(Quantities.parseSize("k", "16Mi")).isEqualTo(16L * 1024 * 1024);
        assertThat(Quantities.parseSize("k", "2Gi")).isEqualTo(2L << 30);
        assertThat(Quantities.parseSize("k", "3kB")).isEqualTo(3_000);
        assertThat(Quantities.parseSize("k", "1GB")).isEqualTo(1_000_000_000L);
    }

    @Test
    void rejectsSizesWithUnknownUnitOrOverflow() {
        assertThatThrownBy(() -> Quantities.parseSize("verify.max-arguments-bytes", "64KiBs"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("verify.max-arguments-bytes=64KiBs");
        assertThatThrownBy(() -> Quantities.parseSize("k", "12XB")).hasMessageContaining("unknown size unit 'XB'");
        assertThatThrownBy(() -> Quantities.parseSize("k", "999999999999999999GiB")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Quantities.parseSize("k", "1.5MiB")).isInstanceOf(ConfigException.class);
    }

    @Test
    void formatsBackToTextThatParsesToTheSameValue() {
        for (String text : new String[] {"250ms", "5s", "2m", "1h", "3d", "0"}) {
            assertThat(Quantities.formatDuration(Quantities.parseDuration("k", text))).isEqualTo(text);
        }
        assertThat(Quantities.formatSize(64 * 1024)).isEqualTo("64KiB");
        assertThat(Quantities.formatSize(1000)).isEqualTo("1000");
    }
}
