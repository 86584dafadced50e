package dev.sandstage.http;

import dev.sandstage.events.ResultStatus;
import dev.sandstage.pool.PoolEvent;
import dev.sandstage.pool.PoolEventListener;
import dev.sandstage.pool.PoolSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The stage's meters, declared here once, with the calls the components make. Prometheus names:
 * {@code sandstage_decisions_total{outcome}}, {@code sandstage_execution_seconds{tool,status}},
 * {@code sandstage_queue_wait_seconds}, {@code sandstage_container_create_seconds{class}},
 * {@code sandstage_container_create_failures_total{class}},
 * {@code sandstage_sandboxes_destroyed_total{class,reason}},
 * {@code sandstage_pool_acquire_seconds{class,outcome}}, {@code sandstage_commit_seconds},
 * {@code sandstage_pool_sandboxes{class,state}}, {@code sandstage_consumer_lag_records},
 * {@code sandstage_decisions_queued} and, once {@link #bindJvm()} ran, Micrometer's JVM memory and
 * GC meters ({@code jvm_memory_used_bytes{area,id}}, {@code jvm_gc_pause_seconds}, ...).
 *
 * <p>Called by the consumer, scheduler and publisher from their own threads, and by the pool
 * through {@link #poolListener()}; Micrometer meters are thread-safe and never block, so every
 * method may be called from any thread, including a Vert.x event loop. {@link #close()} runs once,
 * when the stage stops.
 */
public final class StageMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private JvmGcMetrics gc;

    public StageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A Prometheus registry with Micrometer's defaults, for {@link HttpServerVerticle}. */
    public static PrometheusMeterRegistry prometheusRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One decision reached its end: {@code executed}, {@code rejected}, {@code not_allowed}, {@code dead_lettered}... */
    public void decision(String outcome) {
        Counter.builder("sandstage.decisions").description("Decisions by how they ended")
                .tag("outcome", outcome.toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    /** One tool call ran in a sandbox and ended with {@code status} after {@code took}. */
    public void execution(String tool, ResultStatus status, Duration took) {
        Timer.builder("sandstage.execution").description("Tool call execution time in the sandbox")
                .tags("tool", tool, "status", status.name().toLowerCase(Locale.ROOT))
                .publishPercentileHistogram().register(registry).record(took);
    }

    /** A decision waited {@code waited} between being read and starting to run. */
    public void queueWait(Duration waited) {
        Timer.builder("sandstage.queue.wait").description("Time from reading a decision to starting its call")
                .publishPercentileHistogram().register(registry).record(waited);
    }

    /** A sandbox of {@code className} became ready after {@code took}. */
    public void containerCreated(String className, Duration took) {
        Timer.builder("sandstage.container.create").description("Time to create and start a sandbox")
                .tag("class", className).publishPercentileHistogram().register(registry).record(took);
    }

    /** A Kafka transaction (results, audit, journal, offsets) committed after {@code took}. */
    public void commit(Duration took) {
        Timer.builder("sandstage.commit").description("Kafka transaction commit time")
                .publishPercentileHistogram().register(registry).record(took);
    }

    /**
     * Gauges of idle, busy and creating sandboxes per class, read from {@code snapshots} at each
     * scrape. The classes are those of the snapshot taken now; the pool's classes are fixed.
     */
    public void bindPool(Supplier<PoolSnapshot> snapshots) {
        for (PoolSnapshot.ClassSnapshot c : snapshots.get().classes()) {
            poolGauge(snapshots, c.name(), "idle", PoolSnapshot.ClassSnapshot::idle);
            poolGauge(snapshots, c.name(), "busy", PoolSnapshot.ClassSnapshot::busy);
            poolGauge(snapshots, c.name(), "creating", PoolSnapshot.ClassSnapshot::creating);
        }
    }

    /**
     * A gauge of the consumer's total lag in records. The consumer's owning thread keeps the value
     * (e.g. in an {@code AtomicLong}); {@code lag} only reads it, from the scraping thread.
     */
    public void bindConsumerLag(LongSupplier lag) {
        Gauge.builder("sandstage.consumer.lag", () -> lag.getAsLong()).baseUnit("records")
                .description("Records in the assigned partitions not yet read").strongReference(true).register(registry);
    }

    /**
     * A gauge of the decisions the stage holds in memory: read from Kafka and not yet finished
     * (waiting in the scheduler or running). The consumer's owning thread keeps the value;
     * {@code queued} only reads it, from the scraping thread. Bounded by the scheduler's pause
     * threshold plus one poll ({@code max.poll.records}), whatever the backlog.
     */
    public void bindDecisionsQueued(IntSupplier queued) {
        Gauge.builder("sandstage.decisions.queued", () -> queued.getAsInt())
                .description("Decisions read from Kafka and not yet finished (waiting or running)")
                .strongReference(true).register(registry);
    }

    /**
     * Heap and non-heap pools, buffer pools, GC pauses and allocation: what an operator needs to
     * size {@code -Xmx} and to see that a backlog does not grow the heap. Call once per registry.
     */
    public synchronized void bindJvm() {
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
    }

    /** Unregisters the GC notification listeners {@link #bindJvm()} installed. */
    @Override
    public synchronized void close() {
        if (gc != null) {
            gc.close();
            gc = null;
        }
    }

    /** A listener that turns the pool's events into meters; register it with the pool. */
    public PoolEventListener poolListener() {
        return this::onPoolEvent;
    }

    private void onPoolEvent(PoolEvent event) {
        switch (event) {
            case PoolEvent.SandboxCreated e -> containerCreated(e.className(), e.createDuration());
            case PoolEvent.SandboxCreateFailed e -> Counter.builder("sandstage.container.create.failures")
                    .description("Failed sandbox creations").tag("class", e.className()).register(registry).increment();
            case PoolEvent.SandboxDestroyed e -> Counter.builder("sandstage.sandboxes.destroyed")
                    .description("Sandboxes destroyed, by reason").tags("class", e.className(), "reason",
                            e.reason().name().toLowerCase(Locale.ROOT)).register(registry).increment();
            case PoolEvent.AcquireWaited e -> Timer.builder("sandstage.pool.acquire")
                    .description("Time to obtain a sandbox").tags("class", e.className(), "outcome",
                            e.outcome().name().toLowerCase(Locale.ROOT)).register(registry).record(e.waited());
            case PoolEvent.SessionUnpinned e -> { }
            case PoolEvent.OrphansRemoved e -> { }
        }
    }

    private void poolGauge(Supplier<PoolSnapshot> snapshots, String className, String state,
            ToIntFunction<PoolSnapshot.ClassSnapshot> count) {
        Gauge.builder("sandstage.pool.sandboxes", () -> count.applyAsInt(snapshots.get().of(className)))
                .description("Sandboxes per class and state").tags("class", className, "state", state)
                .strongReference(true).register(registry);
    }
}
