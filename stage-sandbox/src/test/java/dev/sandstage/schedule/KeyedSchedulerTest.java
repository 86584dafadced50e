package dev.sandstage.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KeyedSchedulerTest {

    private static final TopicPartition P0 = new TopicPartition("decisions", 0);
    private static final TopicPartition P1 = new TopicPartition("decisions", 1);

    @Test
    void runsOneRecordPerKeyAtATimeInOffsetOrder() {
        KeyedScheduler<String> scheduler = new KeyedScheduler<>(10, 100, 50);
        scheduler.offer(P0, 0, "s1", "a");
        scheduler.offer(P0, 1, "s1", "b");
        scheduler.offer(P0, 2, "s1", "c");

        List<ScheduledItem<String>> first = scheduler.drainRunnable();
        assertThat(first).extracting(ScheduledItem::payload).containsExactly("a");
        assertThat(scheduler.nextRunnable()).isEmpty();

        scheduler.complete(first.getFirst());
        ScheduledItem<String> second = scheduler.nextRunnable().orElseThrow();
        assertThat(second.offset()).isEqualTo(1);
        scheduler.complete(second);
        assertThat(scheduler.nextRunnable().orElseThrow().payload()).isEqualTo("c");
    }

    @Test
    void runsDifferentKeysConcurrentlyUpToTheCap() {
        KeyedScheduler<String> scheduler = new KeyedScheduler<>(2, 100, 50);
        scheduler.offer(P0, 0, "s1", "a");
        scheduler.offer(P0, 1, "s2", "b");
        scheduler.offer(P1, 0, "s3", "c");

        List<ScheduledItem<String>> running = scheduler.drainRunnable();

        assertThat(running).extracting(ScheduledItem::payload).containsExactly("a", "b");
        assertThat(scheduler.inFlight()).isEqualTo(2);
        assertThat(scheduler.buffered()).isEqualTo(1);
        scheduler.complete(running.get(1));
        assertThat(scheduler.nextRunnable().orElseThrow().payload()).isEqualTo("c");
    }

    @Test
    void waitingKeysGetTheirTurnBeforeABusyKeyRunsAgain() {
        KeyedScheduler<String> scheduler = new KeyedScheduler<>(1, 100, 50);
        scheduler.offer(P0, 0, "busy", "b0");
        scheduler.offer(P0, 1, "busy", "b1");
        scheduler.offer(P0, 2, "other", "o0");

        ScheduledItem<String> b0 = scheduler.nextRunnable().orElseThrow();
        scheduler.complete(b0);

        assertThat(scheduler.nextRunnable().orElseThrow().payload()).isEqualTo("o0");
    }

    @Test
    void recordsWithoutKeyRunInPartitionOrder() {
        KeyedScheduler<String> scheduler = new KeyedScheduler<>(4, 100, 50);
        scheduler.offer(P0, 0, null, "a");
        scheduler.offer(P0, 1, null, "b");
        scheduler.offer(P1, 0, null, "c");

        assertThat(scheduler.drainRunnable()).extracting(ScheduledItem::payload).containsExactly("a", "c");
    }

    @Test
    void asksToPauseAtTheHighWaterMarkAndToResumeOnlyBelowTheLowOne() {
        KeyedScheduler<Integer> scheduler = new KeyedScheduler<>(2, 4, 3);
        for (int i = 0; i < 3; i++) {
            scheduler.offer(P0, i, "k" + i, i);
        }
        assertThat(scheduler.shouldPause()).isFalse();
        scheduler.offer(P0, 3, "k3", 3);
        assertThat(scheduler.shouldPause()).isTrue();
        assertThat(scheduler.shouldResume()).isFalse();

        List<ScheduledItem<Integer>> running = scheduler.drainRunnable();
        scheduler.complete(running.get(0));
        assertThat(scheduler.shouldPause()).isFalse();
        assertThat(scheduler.shouldResume()).as("3 left, low-water mark 3").isFalse();
        scheduler.complete(running.get(1));
        assertThat(scheduler.shouldResume()).isTrue();
    }

    @Test
    void revokeDropsWaitingRecordsOfRevokedPartitionsButKeepsRunningOnes() {
        KeyedScheduler<String> scheduler = new KeyedScheduler<>(1, 100, 50);
        scheduler.offer(P0, 0, "s1", "a");
        scheduler.offer(P0, 1, "s1", "b");
        scheduler.offer(P1, 0, "s2", "c");
        ScheduledItem<String> running = scheduler.nextRunnable().orElseThrow();

        List<ScheduledItem<String>> dropped = scheduler.revoke(List.of(P0));

        assertThat(dropped).extracting(ScheduledItem::payload).containsExactly("b");
        assertThat(scheduler.inFlight()).isEqualTo(1);
        scheduler.complete(running);
        assertThat(scheduler.drainRunnable()).extracting(ScheduledItem::payload).containsExactly("c");
        assertThat(scheduler.buffered()).isZero();
    }

    @Test
    void completingARecordThatIsNotRunningIsRefused() {
        KeyedScheduler<String> scheduler = new KeyedScheduler<>(1, 10, 5);
        assertThatThrownBy(() -> scheduler.complete(new ScheduledItem<>(P0, 0, "s1", "a")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsLimitsThatCannotHold() {
        assertThatThrownBy(() -> new KeyedScheduler<String>(4, 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyedScheduler<String>(1, 4, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
