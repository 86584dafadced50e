package dev.sandstage.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JournalReplayGuardTest {

    @Test
    void forgetsTheOldestIdsOfAPartitionBeyondItsBound() {
        JournalReplayGuard guard = new JournalReplayGuard(2);
        guard.record(0, "a");
        guard.record(0, "b");
        guard.record(0, "c");
        guard.record(1, "x");

        assertThat(guard.seen("a")).isFalse();
        assertThat(guard.seen("b")).isTrue();
        assertThat(guard.seen("c")).isTrue();
        assertThat(guard.seen("x")).isTrue();
        assertThat(guard.size()).isEqualTo(3);
    }

    @Test
    void loadsEveryIdARecoveryFound() {
        JournalReplayGuard guard = new JournalReplayGuard(10);

        guard.load(new JournalRecovery(List.of(), Map.of(0, List.of("a"), 3, List.of("b", "c")), Map.of()));

        assertThat(List.of("a", "b", "c")).allMatch(guard::seen);
        assertThat(guard.seen("d")).isFalse();
    }

    @Test
    void aClaimedDecisionCountsAsSeenUntilItsPartitionIsReleased() {
        JournalReplayGuard guard = new JournalReplayGuard(10);
        guard.claim(0, "running");
        guard.claim(1, "elsewhere");

        assertThat(guard.seen("running")).isTrue();
        assertThat(guard.inFlight()).isEqualTo(2);

        guard.release(List.of(0));

        assertThat(guard.seen("running")).isFalse();
        assertThat(guard.seen("elsewhere")).isTrue();
    }

    @Test
    void finishingAClaimedDecisionMovesItFromInFlightToRemembered() {
        JournalReplayGuard guard = new JournalReplayGuard(10);
        guard.claim(2, "d");

        guard.record(2, "d");
        guard.release(List.of(2));

        assertThat(guard.inFlight()).isZero();
        assertThat(guard.seen("d")).isTrue();
    }
}
