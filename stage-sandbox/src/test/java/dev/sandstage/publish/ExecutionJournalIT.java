package dev.sandstage.publish;

import static dev.sandstage.publish.KafkaClients.common;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sandstage.error.SandstageRetriableException;
import dev.sandstage.events.ExecutionJournalEntry;
import dev.sandstage.events.JournalState;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.testing.KafkaBrokerExtension;
import dev.sandstage.testing.KafkaTestBroker;
import dev.sandstage.testing.KafkaTestTopic;
import dev.sandstage.testing.SampleEvents;
import dev.sandstage.testing.TopicPartitions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class ExecutionJournalIT {

    private static final Duration RECOVER_WITHIN = Duration.ofSeconds(30);
    private static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("stage");

    @Test
    void recoveryFindsStartedButUnfinishedDecisionsOfTheAskedPartitionsOnly(
            KafkaTestBroker broker, @TopicPartitions(3) KafkaTestTopic journalTopic) throws Exception {
        try (ExecutionJournal journal = journal(broker, journalTopic);
             TransactionalPublisher publisher = publisher(broker)) {
            assertThat(journal.partitionCount()).isEqualTo(3);
            ToolCallDecision crashed = decision("crashed");
            ToolCallDecision done = decision("done");
            ToolCallDecision aborted = decision("aborted");
            ToolCallDecision elsewhere = decision("elsewhere");
            started(journal, crashed, 0, 10);
            started(journal, done, 1, 20);
            started(journal, aborted, 1, 21);
            started(journal, elsewhere, 2, 30);

            publisher.stage(journal.finishedRecord(done, 1, 20, false, ResultStatus.SUCCEEDED));
            publisher.commit(Map.of(), GROUP);
            publisher.stage(journal.finishedRecord(aborted, 1, 21, false, ResultStatus.SUCCEEDED));
            publisher.abort();

            JournalRecovery recovery = journal.recover(List.of(0, 1), RECOVER_WITHIN);

            assertThat(recovery.interrupted()).extracting(e -> e.getDecisionId().toString())
                    .containsExactlyInAnyOrder(id("crashed"), id("aborted"));
            ExecutionJournalEntry entry = recovery.interrupted().stream()
                    .filter(e -> e.getDecisionId().toString().equals(id("crashed"))).findFirst().orElseThrow();
            assertThat(entry.getState()).isEqualTo(JournalState.STARTED);
            assertThat(entry.getSourcePartition()).isEqualTo(0);
            assertThat(entry.getSourceOffset()).isEqualTo(10L);
            // "aborted" was only STARTED (its FINISHED entry aborted), so it is no replay.
            assertThat(recovery.executedIds().get(1)).containsExactly(id("done"));
            assertThat(recovery.executedIds()).doesNotContainKey(2);
            // The committed FINISHED entry names the decisions record it answered, so a new owner skips it.
            assertThat(recovery.answered().get(1)).containsExactly(Map.entry(20L, id("done")));
            assertThat(recovery.answered().get(0)).isEmpty();
            assertThat(recovery.answered()).doesNotContainKey(2);
        }
    }

    @Test
    void replayGuardLoadedFromRecoveryKnowsExecutedDecisionsOnly(
            KafkaTestBroker broker, @TopicPartitions(2) KafkaTestTopic journalTopic) throws Exception {
        try (ExecutionJournal journal = journal(broker, journalTopic);
             TransactionalPublisher publisher = publisher(broker)) {
            ToolCallDecision done = decision("done");
            started(journal, done, 1, 5);
            publisher.stage(journal.finishedRecord(done, 1, 5, true, ResultStatus.SUCCEEDED));
            publisher.commit(Map.of(), GROUP);
            JournalReplayGuard guard = new JournalReplayGuard(10);

            guard.load(journal.recover(List.of(0, 1), RECOVER_WITHIN));

            assertThat(guard.seen(id("done"))).isTrue();
            assertThat(guard.seen(id("never"))).isFalse();
            guard.record(0, id("later"));
            assertThat(guard.seen(id("later"))).isTrue();
        }
    }

    @Test
    void recoveryWaitsForAnOpenTransactionBecauseItsFinishedEntriesCouldStillCommit(
            KafkaTestBroker broker, KafkaTestTopic journalTopic) throws Exception {
        try (ExecutionJournal journal = journal(broker, journalTopic);
             TransactionalPublisher publisher = publisher(broker)) {
            ToolCallDecision pending = decision("pending");
            started(journal, pending, 0, 1);
            publisher.stage(journal.finishedRecord(pending, 0, 1, false, ResultStatus.SUCCEEDED));
            awaitLogEnd(broker, journalTopic, 2);
            // A STARTED entry after the open transaction's first record lands behind its last stable offset.
            started(journal, decision("behind"), 0, 2);

            assertThatThrownBy(() -> journal.recover(List.of(0), Duration.ofSeconds(1)))
                    .isInstanceOf(SandstageRetriableException.class);

            publisher.commit(Map.of(), GROUP);
            JournalRecovery recovery = journal.recover(List.of(0), RECOVER_WITHIN);
            assertThat(recovery.interrupted()).extracting(e -> e.getDecisionId().toString()).containsExactly(id("behind"));
        }
    }

    private final String run = UUID.randomUUID().toString();

    private String id(String name) {
        return name + "-" + run;
    }

    private ToolCallDecision decision(String name) {
        return SampleEvents.decision(id(name));
    }

    private static void started(ExecutionJournal journal, ToolCallDecision d, int partition, long offset) throws Exception {
        journal.recordStarted(d, partition, offset, false).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Waits until the log (open transactions included) holds {@code records} records. */
    private static void awaitLogEnd(KafkaTestBroker broker, KafkaTestTopic topic, long records) {
        TopicPartition tp = new TopicPartition(topic.name(), 0);
        await().atMost(RECOVER_WITHIN).untilAsserted(() -> assertThat(broker.admin()
                .listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset())
                .isGreaterThanOrEqualTo(records));
    }

    private static ExecutionJournal journal(KafkaTestBroker broker, KafkaTestTopic topic) {
        return ExecutionJournal.create(common(broker.bootstrapServers()), topic.name(), "stage-test", Clock.systemUTC());
    }

    private static TransactionalPublisher publisher(KafkaTestBroker broker) {
        Map<String, Object> props = new HashMap<>(common(broker.bootstrapServers()));
        // Long enough that no stall of the test lets the coordinator abort the transaction a test holds open.
        props.put("transaction.timeout.ms", 120_000);
        return TransactionalPublisher.create(props, UUID.randomUUID().toString(), Clock.systemUTC());
    }
}
