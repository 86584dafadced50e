package dev.sandstage.consume;

import dev.sandstage.config.StageConfig;
import dev.sandstage.consume.internal.AuditEvents;
import dev.sandstage.consume.internal.CallRunner;
import dev.sandstage.consume.internal.ConsumerLoop;
import dev.sandstage.consume.internal.OutputStager;
import dev.sandstage.consume.internal.PendingCall;
import dev.sandstage.consume.internal.Rebalance;
import dev.sandstage.http.StageMetrics;
import dev.sandstage.pool.PoolEvent;
import dev.sandstage.pool.PoolEventListener;
import dev.sandstage.pool.SandboxPool;
import dev.sandstage.publish.ExecutionJournal;
import dev.sandstage.publish.JournalReplayGuard;
import dev.sandstage.publish.OutputRecords;
import dev.sandstage.publish.PipelinedPublisher;
import dev.sandstage.publish.TransactionalPublisher;
import dev.sandstage.schedule.KeyedScheduler;
import dev.sandstage.verify.DecisionVerifier;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision consumer: the only owner of the stage's {@code KafkaConsumer}. It runs the pipeline
 * of DESIGN section 3 as a chain of tasks on its own context (poll, decode, verify, schedule,
 * dispatch, stage, seal), hands calls to a bounded executor ({@code sandstage-exec-N}, one
 * thread per sandbox of {@code pool.global-max}; up to {@code stage.max-in-flight} decisions wait
 * or run), and seals results, audit events, journal entries, DLQ records and offsets for a
 * {@link PipelinedPublisher}, whose {@code sandstage-commit} thread commits them (one transaction
 * at a time, merging what was sealed meanwhile). {@link #stop()} drains: no new records, running
 * calls get up to {@code stage.shutdown-grace}, then the rest are answered INTERRUPTED.
 *
 * <p>Deployed by {@link dev.sandstage.stage.Stage} as a worker verticle with
 * {@link #deploymentOptions()}: a named worker pool of one thread ({@value #WORKER_POOL}), so
 * every context task, the rebalance callbacks included, runs on that one thread. Executor threads
 * hand results back through a queue and {@code consumer.wakeup()}; pool threads through
 * {@link #auditListener()}. {@link #assigned()}, {@link #isAssigned()} and {@link #failure()} may
 * be read from any thread.
 */
public final class DecisionConsumerVerticle extends VerticleBase {

    /** The worker pool the verticle runs on; one thread. */
    public static final String WORKER_POOL = "sandstage-consumer";

    /**
     * {@code max.poll.records} unless the operator sets {@code kafka.consumer.max.poll.records}:
     * at least this many, or {@code stage.max-in-flight} when that is larger. Every polled record
     * joins the scheduler before it can pause the partitions, so the decisions held in memory stay
     * under {@code stage.max-in-flight} plus this, instead of plus Kafka's default of 500 (each
     * decision may carry up to {@code verify.max-arguments-bytes} of arguments).
     */
    public static final int DEFAULT_MAX_POLL_RECORDS = 100;

    /**
     * {@code fetch.max.bytes} unless the operator sets it: Kafka's default (50 MiB) per fetch
     * response is more raw bytes than a stage that runs a handful of calls at once can use; with
     * {@code max.partition.fetch.bytes} (Kafka's 1 MiB) this bounds the consumer's fetch buffers
     * however many partitions the instance owns.
     */
    public static final int DEFAULT_FETCH_MAX_BYTES = 8 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(DecisionConsumerVerticle.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration REVOKE_WAIT_MAX = Duration.ofSeconds(30);

    private enum State { NEW, RUNNING, DRAINING, STOPPED }

    private final StageConfig config;
    private final DecisionVerifier verifier;
    private final JournalReplayGuard replays;
    private final SandboxPool pool;
    private final ExecutionJournal journal;
    private final TransactionalPublisher publisher;
    private final StageMetrics metrics;
    private final Clock clock;
    private final Queue<PoolEvent> poolEvents = new ConcurrentLinkedQueue<>();
    private final Promise<Void> firstAssignment = Promise.promise();
    private final Promise<Void> failure = Promise.promise();
    private final Promise<Void> stopped = Promise.promise();
    private final AtomicInteger queued = new AtomicInteger();
    private KafkaConsumer<byte[], byte[]> consumer;
    private ExecutorService executor;
    private PipelinedPublisher pipeline;
    private ConsumerLoop loop;
    private KeyedScheduler<PendingCall> scheduler;
    private volatile State state = State.NEW;
    private Instant drainDeadline;

    public DecisionConsumerVerticle(StageConfig config, DecisionVerifier verifier, JournalReplayGuard replays,
            SandboxPool pool, ExecutionJournal journal, TransactionalPublisher publisher, StageMetrics metrics,
            Clock clock) {
        this.config = config;
        this.verifier = verifier;
        this.replays = replays;
        this.pool = pool;
        this.journal = journal;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Worker threading on the one-thread {@value #WORKER_POOL} pool. */
    public static DeploymentOptions deploymentOptions() {
        return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setWorkerPoolName(WORKER_POOL)
                .setWorkerPoolSize(1);
    }

    /** Completes when the consumer first has partitions assigned (and their journal recovered). */
    public Future<Void> assigned() {
        return firstAssignment.future();
    }

    /** True once partitions were assigned and while the consumer runs; for readiness. */
    public boolean isAssigned() {
        return firstAssignment.future().isComplete() && state == State.RUNNING;
    }

    /** Fails when the pipeline died by itself (producer fenced, commit failed); never succeeds. */
    public Future<Void> failure() {
        return failure.future();
    }

    /** Receives the pool's events; sandbox creations and destructions are audited. Thread-safe. */
    public PoolEventListener auditListener() {
        return event -> {
            if (event instanceof PoolEvent.SandboxCreated || event instanceof PoolEvent.SandboxDestroyed) {
                poolEvents.add(event);
            }
        };
    }

    @Override
    public Future<?> start() {
        int maxInFlight = config.stage().maxInFlight();
        // Running at once: no more than the pool can serve (more would only wait in acquire).
        int running = Math.min(config.pool().globalMax(), maxInFlight);
        consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        executor = Executors.newFixedThreadPool(running, named("sandstage-exec-"));
        pipeline = new PipelinedPublisher(publisher, receipt -> metrics.commit(receipt.latency()), consumer::wakeup);
        OutputStager out = new OutputStager(pipeline,
                new OutputRecords(config.topics().results(), config.topics().audit()),
                new AuditEvents(config.stage().instanceId(), config.audit().includeArguments()),
                journal, replays, config.topics().dlq(), clock);
        scheduler = new KeyedScheduler<>(running, maxInFlight, Math.max(1, maxInFlight / 2));
        metrics.bindDecisionsQueued(queued::get);
        CallRunner runner = new CallRunner(pool, journal, config.pool().acquireDeadline(), clock);
        loop = new ConsumerLoop(consumer, verifier, replays, scheduler, out, pipeline, runner, executor, metrics, clock,
                IDLE_POLL, config.stage().commitInterval(), poolEvents);
        metrics.bindConsumerLag(loop::lag);
        Duration revokeWait = config.stage().shutdownGrace().compareTo(REVOKE_WAIT_MAX) < 0
                ? config.stage().shutdownGrace() : REVOKE_WAIT_MAX;
        consumer.subscribe(List.of(config.topics().decisions()),
                new Rebalance(loop, journal, replays, RECOVERY_TIMEOUT, revokeWait, firstAssignment));
        state = State.RUNNING;
        next();
        return Future.succeededFuture();
    }

    /** Drains: stops reading, lets running calls finish within the grace period, interrupts the rest, commits. */
    @Override
    public Future<?> stop() {
        if (state == State.RUNNING) {
            state = State.DRAINING;
            drainDeadline = clock.instant().plus(config.stage().shutdownGrace());
            loop.beginDrain();
            LOG.info("draining: {} call(s) running, grace {}", loop.running(), config.stage().shutdownGrace());
        } else if (state == State.NEW) {
            stopped.tryComplete();
        }
        return stopped.future();
    }

    private void next() {
        context.runOnContext(v -> step());
    }

    private void step() {
        if (state == State.STOPPED) {
            return;
        }
        try {
            loop.iterate(state == State.DRAINING);
            queued.set(scheduler.buffered() + scheduler.inFlight());
            if (state == State.DRAINING && (loop.running() == 0 || clock.instant().isAfter(drainDeadline))) {
                loop.interruptRunning("the stage stopped before the call finished (shutdown grace "
                        + config.stage().shutdownGrace() + ")");
                close();
                queued.set(0);
                stopped.tryComplete();
                return;
            }
        } catch (Throwable t) {
            LOG.error("decision consumer stopped by a fatal error", t);
            close();
            failure.tryFail(t);
            firstAssignment.tryFail(t);
            stopped.tryComplete();
            return;
        }
        next();
    }

    private void close() {
        state = State.STOPPED;
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warn("consumer did not close cleanly: {}", e.toString());
        }
        executor.shutdownNow();
        pipeline.close();
    }

    /**
     * Defaults first, then the operator's {@code kafka.consumer.*} pass-through over them (so
     * {@code max.poll.records}, {@code fetch.max.bytes} and the rest stay overridable), then what
     * the stage's guarantees depend on, which nobody overrides.
     */
    private Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "sandstage-" + config.stage().instanceId());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                Math.max(DEFAULT_MAX_POLL_RECORDS, config.stage().maxInFlight()));
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, DEFAULT_FETCH_MAX_BYTES);
        props.putAll(config.kafka().consumer());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.stage().groupId());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
