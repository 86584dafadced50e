package dev.sandstage.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstage.error.SandstageFatalException;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class KafkaPortsTest {

    @Test
    void firstStartWithoutOptionsUsesTheDefaults() {
        assertThat(KafkaPorts.resolve(Optional.empty(), OptionalInt.empty(), OptionalInt.empty()))
                .isEqualTo(new KafkaPorts(9092, 9093));
    }

    @Test
    void firstStartUsesTheRequestedPorts() {
        assertThat(KafkaPorts.resolve(Optional.empty(), OptionalInt.of(19092), OptionalInt.of(19093)))
                .isEqualTo(new KafkaPorts(19092, 19093));
    }

    @Test
    void laterStartWithoutOptionsKeepsThePersistedPorts() {
        Optional<KafkaPorts> persisted = Optional.of(new KafkaPorts(19092, 19093));

        assertThat(KafkaPorts.resolve(persisted, OptionalInt.empty(), OptionalInt.empty()))
                .isEqualTo(new KafkaPorts(19092, 19093));
    }

    @Test
    void laterStartWithPortChangesOnlyTheBrokerPort() {
        Optional<KafkaPorts> persisted = Optional.of(new KafkaPorts(19092, 19093));

        assertThat(KafkaPorts.resolve(persisted, OptionalInt.of(29092), OptionalInt.empty()))
                .isEqualTo(new KafkaPorts(29092, 19093));
    }

    @Test
    void bootstrapAddressIsLoopbackAndBrokerPort() {
        assertThat(new KafkaPorts(19092, 19093).bootstrapServers()).isEqualTo("127.0.0.1:19092");
    }

    @Test
    void rejectsTheSamePortForBrokerAndController() {
        assertThatThrownBy(() -> new KafkaPorts(9092, 9092))
                .isInstanceOf(SandstageFatalException.class)
                .hasMessageContaining("must differ");
    }

    @Test
    void rejectsAPortOutOfRangeNamingTheOption() {
        assertThatThrownBy(() -> new KafkaPorts(70000, 9093))
                .isInstanceOf(SandstageFatalException.class)
                .hasMessageContaining("port=70000");
    }
}
