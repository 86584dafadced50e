package dev.sandstage.publish;

import static dev.sandstage.publish.KafkaClients.WITHIN;
import static dev.sandstage.publish.KafkaClients.readCommitted;
import static dev.sandstage.publish.KafkaClients.string;
import static dev.sandstage.publish.KafkaClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.testing.KafkaBrokerExtension;
import dev.sandstage.testing.KafkaTestBroker;
import dev.sandstage.testing.KafkaTestTopic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class PipelinedPublisherIT {

    @Test
    void batchesSealedDuringACommitGoOutTogetherInSealOrderWithTheirOffsets(KafkaTestBroker broker,
            KafkaTestTopic input, KafkaTestTopic output) throws Exception {
        String group = "group-" + UUID.randomUUID();
        List<CommitReceipt> receipts = new CopyOnWriteArrayList<>();
        // The commit listener runs on the committer thread: holding it after the first commit keeps the
        // committer busy while the other 49 batches are sealed, however the threads are scheduled.
        CountDownLatch sealedTheRest = new CountDownLatch(1);
        Consumer<CommitReceipt> onCommit = receipt -> {
            receipts.add(receipt);
            if (receipts.size() == 1) {
                awaitUninterruptibly(sealedTheRest);
            }
        };
        try (TransactionalPublisher tx = KafkaClients.publisher(broker.bootstrapServers(), UUID.randomUUID().toString());
             PipelinedPublisher pipeline = new PipelinedPublisher(tx, onCommit, () -> { })) {
            for (int i = 1; i <= 50; i++) {
                pipeline.stage(text(output.name(), "s", "result-" + i));
                pipeline.stage(text(output.name(), "s", "audit-" + i));
                pipeline.seal(Map.of(new TopicPartition(input.name(), 0), new OffsetAndMetadata(i)),
                        new ConsumerGroupMetadata(group));
                if (i == 1) {
                    await().atMost(WITHIN).until(() -> receipts.size() == 1);
                }
            }
            sealedTheRest.countDown();

            pipeline.flush(Map.of(), new ConsumerGroupMetadata(group), WITHIN);

            assertThat(pipeline.backlogBytes()).isZero();
            assertThat(pipeline.busy()).isFalse();
        } finally {
            sealedTheRest.countDown();
        }
        assertThat(receipts).extracting(CommitReceipt::records).as("the first batch, then the 49 sealed during its commit")
                .containsExactly(2, 98);
        List<ConsumerRecord<byte[], byte[]>> seen = readCommitted(broker.bootstrapServers(), output.name(), 1,
                r -> r.size() >= 100);
        assertThat(seen).extracting(r -> string(r.value())).containsExactlyElementsOf(IntStream.rangeClosed(1, 50)
                .boxed().flatMap(i -> List.of("result-" + i, "audit-" + i).stream()).toList());
        // The broker writes a commit's markers after acknowledging it, so the group offset shows shortly after.
        await().atMost(WITHIN).untilAsserted(() ->
                assertThat(KafkaClients.committedOffset(broker.admin(), group, input.name())).isEqualTo(50L));
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            if (!latch.await(WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the test did not release the committer within " + WITHIN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFencedCommitterFailsForGoodAndWakesTheConsumer(KafkaTestBroker broker, KafkaTestTopic output) {
        String instance = UUID.randomUUID().toString();
        AtomicInteger wakeups = new AtomicInteger();
        try (TransactionalPublisher first = KafkaClients.publisher(broker.bootstrapServers(), instance);
             PipelinedPublisher pipeline = new PipelinedPublisher(first, r -> { }, wakeups::incrementAndGet);
             TransactionalPublisher second = KafkaClients.publisher(broker.bootstrapServers(), instance)) {
            assertThat(second.transactionalId()).isEqualTo(first.transactionalId());

            pipeline.stage(text(output.name(), "s", "zombie"));
            pipeline.seal(Map.of(), new ConsumerGroupMetadata("g"));

            // The failure is recorded first and the consumer woken after it, on the committer thread.
            await().atMost(WITHIN).until(() -> wakeups.get() > 0);
            assertThat(wakeups).hasValue(1);
            assertThat(pipeline.failure()).isInstanceOf(SandstageFatalException.class)
                    .hasMessageContaining("sandstage-" + instance);
            assertThatThrownBy(() -> pipeline.stage(text(output.name(), "s", "after")))
                    .isInstanceOf(SandstageFatalException.class).hasMessageContaining("restart");
            assertThatThrownBy(() -> pipeline.flush(Map.of(), new ConsumerGroupMetadata("g"), Duration.ofSeconds(5)))
                    .isInstanceOf(SandstageFatalException.class);
        }
    }
}
