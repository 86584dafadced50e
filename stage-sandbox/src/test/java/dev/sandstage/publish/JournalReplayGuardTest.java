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
}
