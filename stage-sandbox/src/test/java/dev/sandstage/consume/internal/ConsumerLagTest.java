package dev.sandstage.consume.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {

    private static final TopicPartition P0 = new TopicPartition("decisions", 0);
    private static final TopicPartition P1 = new TopicPartition("decisions", 1);

    @Test
    void sumsTheLagOfEveryAssignedPartitionAndMeasuresAtMostOncePerInterval() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
        consumer.assign(List.of(P0, P1));
        consumer.updateEndOffsets(Map.of(P0, 10L, P1, 5L));
        consumer.seek(P0, 4);
        consumer.seek(P1, 5);
        ConsumerLag lag = new ConsumerLag();

        lag.measure(consumer);

        assertThat(lag.get()).isEqualTo(6);
        consumer.updateEndOffsets(Map.of(P0, 100L));
        lag.measure(consumer);
        assertThat(lag.get()).as("measured again within %s", ConsumerLag.EVERY).isEqualTo(6);
    }
}
