package dev.sandstage.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("decisions", 0);
    private static final TopicPartition P1 = new TopicPartition("decisions", 1);

    @Test
    void commitsOnePastTheContiguousFinishedPrefix() {
        OffsetTracker tracker = seen(P0, 0, 1, 2);
        tracker.finished(P0, 0);
        tracker.finished(P0, 1);

        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
    }

    @Test
    void waitsForTheOldestRecordWhenLaterOnesFinishFirst() {
        OffsetTracker tracker = seen(P0, 0, 1, 2);
        tracker.finished(P0, 2);
        tracker.finished(P0, 1);
        assertThat(tracker.committable()).isEmpty();

        tracker.finished(P0, 0);

        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(3)));
    }

    @Test
    void skipsOffsetsNeverSeenSuchAsTransactionMarkers() {
        OffsetTracker tracker = seen(P0, 4, 7, 10);
        tracker.finished(P0, 4);
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(7)));

        tracker.finished(P0, 10);
        tracker.finished(P0, 7);
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(11)));
    }

    @Test
    void offersEachCommitPointOnceAndNeverMovesBackwards() {
        OffsetTracker tracker = seen(P0, 0, 1);
        tracker.finished(P0, 0);
        Map<TopicPartition, OffsetAndMetadata> first = tracker.committable();
        tracker.committed(first);
        assertThat(tracker.committable()).isEmpty();

        tracker.committed(Map.of(P0, new OffsetAndMetadata(0)));
        tracker.finished(P0, 1);
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
    }

    @Test
    void tracksPartitionsIndependently() {
        OffsetTracker tracker = seen(P0, 0, 1);
        tracker.seen(P1, 5);
        tracker.finished(P1, 5);

        assertThat(tracker.committable()).containsExactly(Map.entry(P1, new OffsetAndMetadata(6)));
        assertThat(tracker.pending()).isEqualTo(2);
    }

    @Test
    void ignoresCompletionsForForgottenPartitions() {
        OffsetTracker tracker = seen(P0, 0);
        tracker.forget(List.of(P0));

        assertThat(tracker.finished(P0, 0)).isFalse();
        assertThat(tracker.committable()).isEmpty();
    }

    @Test
    void refusesOffsetsGoingBackwardsAndUnknownCompletions() {
        OffsetTracker tracker = seen(P0, 3);
        assertThatThrownBy(() -> tracker.seen(P0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tracker.finished(P0, 9)).isInstanceOf(IllegalStateException.class);
    }

    private static OffsetTracker seen(TopicPartition tp, long... offsets) {
        OffsetTracker tracker = new OffsetTracker();
        for (long offset : offsets) {
            tracker.seen(tp, offset);
        }
        return tracker;
    }
}
