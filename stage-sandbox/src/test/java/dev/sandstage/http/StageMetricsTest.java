package dev.sandstage.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstage.pool.PoolEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class StageMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StageMetrics metrics = new StageMetrics(registry);

    @Test
    void countsDecisionsByOutcomeOnOneMeterPerOutcome() {
        metrics.decision("executed");
        metrics.decision("EXECUTED");
        metrics.decision("rejected");

        assertThat(registry.get("sandstage.decisions").tag("outcome", "executed").counter().count()).isEqualTo(2);
        assertThat(registry.get("sandstage.decisions").tag("outcome", "rejected").counter().count()).isEqualTo(1);
    }

    @Test
    void poolListenerRecordsCreationsFailuresAndAcquires() {
        var listener = metrics.poolListener();
        listener.onEvent(new PoolEvent.SandboxCreated(Instant.EPOCH, "py", "s", "c", Duration.ofMillis(300)));
        listener.onEvent(new PoolEvent.SandboxCreateFailed(Instant.EPOCH, "py", "s", "boom", 1, Duration.ofSeconds(1)));
        listener.onEvent(new PoolEvent.AcquireWaited(Instant.EPOCH, "py", Optional.empty(), Duration.ofMillis(5),
                PoolEvent.AcquireOutcome.SERVED));

        assertThat(registry.get("sandstage.container.create").tag("class", "py").timer().totalTime(
                java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(300);
        assertThat(registry.get("sandstage.container.create.failures").counter().count()).isEqualTo(1);
        assertThat(registry.get("sandstage.pool.acquire").tag("outcome", "served").timer().count()).isEqualTo(1);
    }

    @Test
    void readinessNamesEveryUnmetConditionInOrder() {
        Map<String, BooleanSupplier> conditions = new LinkedHashMap<>();
        conditions.put("consumer has partitions assigned", () -> false);
        conditions.put("pool is warm", () -> true);
        conditions.put("publisher is initialised", () -> false);

        assertThat(ReadinessProbe.allOf(conditions).check()).isEqualTo(Readiness.missing(
                List.of("consumer has partitions assigned", "publisher is initialised")));
        assertThat(ReadinessProbe.allOf(Map.of()).check()).isEqualTo(Readiness.satisfied());
        assertThatThrownBy(() -> new Readiness(false, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
