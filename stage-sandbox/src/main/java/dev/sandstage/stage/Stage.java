package dev.sandstage.stage;

import dev.sandstage.config.StageConfig;
import dev.sandstage.consume.DecisionConsumerVerticle;
import dev.sandstage.host.StateDirectory;
import dev.sandstage.http.HttpServerVerticle;
import dev.sandstage.http.ReadinessProbe;
import dev.sandstage.http.SchemaListing;
import dev.sandstage.stage.internal.Components;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running stage: Vert.x, the Docker client, the tools image, the catalog, the key ring, the
 * warm pool, the transactional publisher and journal, the HTTP endpoints and the decision
 * consumer, started together by {@link #start} and stopped together by {@link #stop}.
 *
 * <p>Called by {@link StageMain}, the CLI's {@code up} verb and the ITs. Thread-safe: every
 * method may be called from any thread; the futures complete on Vert.x threads.
 */
public final class Stage {

    private static final Logger LOG = LoggerFactory.getLogger(Stage.class);
    private static final long SHUTDOWN_STEP_MINUTES = 5;

    private enum State { RUNNING, STOPPING, STOPPED }

    private final Vertx vertx;
    private final Components parts;
    private final DecisionConsumerVerticle consumer;
    private final HttpServerVerticle http;
    private final Promise<Void> terminated = Promise.promise();
    private State state = State.RUNNING;
    private Future<Void> stopping;
    private volatile String httpDeployment;
    private volatile String consumerDeployment;

    private Stage(Vertx vertx, Components parts, DecisionConsumerVerticle consumer, HttpServerVerticle http) {
        this.vertx = vertx;
        this.parts = parts;
        this.consumer = consumer;
        this.http = http;
    }

    /**
     * Starts a stage. Blocking preparation (tools image, catalog, keys, topic check, producer
     * initialisation) runs on a Vert.x worker thread. The future completes when the consumer has
     * its partitions and every pool class is warm; it fails (and everything started is closed)
     * when any step fails, e.g. when the journal topic's partition count differs from the
     * decisions topic's.
     */
    public static Future<Stage> start(StageConfig config, StateDirectory state) {
        Vertx vertx = Vertx.vertx();
        CompletableFuture<Stage> started = new CompletableFuture<>();
        vertx.executeBlocking(() -> Components.build(config, state, Clock.systemUTC()), false)
                .compose(parts -> deploy(vertx, config, parts).recover(e -> vertx.executeBlocking(() -> {
                    parts.close();
                    return null;
                }, false).transform(ar -> Future.failedFuture(e))))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        started.complete(ar.result());
                    } else {
                        LOG.error("stage failed to start: {}", ar.cause().toString());
                        // Closing Vert.x from one of its own threads would strand this callback.
                        new Thread(() -> {
                            try {
                                await(vertx.close());
                            } catch (Exception e) {
                                ar.cause().addSuppressed(e);
                            }
                            started.completeExceptionally(ar.cause());
                        }, "sandstage-start-failed").start();
                    }
                });
        return Future.fromCompletionStage(started);
    }

    private static Future<Stage> deploy(Vertx vertx, StageConfig config, Components parts) {
        DecisionConsumerVerticle consumer = new DecisionConsumerVerticle(config, parts.verifier(), parts.replays(),
                parts.pool(), parts.journal(), parts.publisher(), parts.metrics(), parts.clock());
        parts.pool().addListener(consumer.auditListener());
        parts.pool().addListener(parts.metrics().poolListener());
        Future<Void> warm = parts.pool().warm();
        Map<String, BooleanSupplier> ready = new LinkedHashMap<>();
        ready.put("consumer has no partitions assigned", consumer::isAssigned);
        ready.put("pool classes are not warm yet", () -> warm.succeeded());
        HttpServerVerticle http = new HttpServerVerticle(config.http(), parts.registry(), ReadinessProbe.allOf(ready),
                parts.pool()::snapshot, SchemaListing.forTopics(config.topics()));
        Stage stage = new Stage(vertx, parts, consumer, http);
        return parts.pool().start()
                .compose(v -> vertx.deployVerticle(http))
                .compose(id -> {
                    stage.httpDeployment = id;
                    return vertx.deployVerticle(consumer, DecisionConsumerVerticle.deploymentOptions());
                })
                .compose(id -> {
                    stage.consumerDeployment = id;
                    return Future.all(consumer.assigned(), warm);
                })
                .map(v -> {
                    consumer.failure().onFailure(stage::stopAfterFatal);
                    parts.metrics().bindPool(parts.pool()::snapshot);
                    LOG.info("stage {} ready: catalog {}, HTTP port {}", config.stage().instanceId(),
                            parts.catalog().source(), http.actualPort());
                    return stage;
                });
    }

    /**
     * Stops consuming, lets running calls finish up to {@code stage.shutdown-grace} and answers
     * the rest INTERRUPTED, commits, closes the pool (removing its containers), the Kafka clients
     * and Vert.x. Idempotent: later calls return the same future.
     */
    public synchronized Future<Void> stop() {
        if (stopping == null) {
            state = State.STOPPING;
            stopping = shutDown().onComplete(ar -> {
                synchronized (this) {
                    state = State.STOPPED;
                }
                terminated.tryComplete();
            });
        }
        return stopping;
    }

    /**
     * Completes when the stage stopped: successfully after {@link #stop}, with the cause when it
     * stopped by itself (a fatal error such as a fenced producer).
     */
    public Future<Void> terminated() {
        return terminated.future();
    }

    /** The port the HTTP endpoints listen on (the OS's choice when configured as 0). */
    public int httpPort() {
        return http.actualPort();
    }

    private void stopAfterFatal(Throwable cause) {
        LOG.error("stage stopping after a fatal error: {}", cause.toString());
        terminated.tryFail(cause);
        stop();
    }

    /**
     * Runs on its own thread ({@code sandstage-shutdown}) and blocks on each step, because the
     * last step closes Vert.x: a future chained on a Vert.x context could then never complete.
     */
    private Future<Void> shutDown() {
        LOG.info("stage stopping");
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                undeploy(consumerDeployment);
                undeploy(httpDeployment);
                parts.close();
                await(vertx.close());
                LOG.info("stage stopped");
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "sandstage-shutdown");
        thread.start();
        return Future.fromCompletionStage(done);
    }

    private void undeploy(String deployment) {
        if (deployment == null) {
            return;
        }
        try {
            await(vertx.undeploy(deployment));
        } catch (Exception e) {
            LOG.warn("undeploying {} failed: {}", deployment, e.toString());
        }
    }

    private static void await(Future<?> future) throws Exception {
        future.toCompletionStage().toCompletableFuture().get(SHUTDOWN_STEP_MINUTES, TimeUnit.MINUTES);
    }
}
