package dev.sandstage.stage.internal;

import com.github.dockerjava.api.DockerClient;
import dev.sandstage.agent.AgentBinary;
import dev.sandstage.agent.SandboxImage;
import dev.sandstage.catalog.ToolCatalog;
import dev.sandstage.catalog.ToolDefinition;
import dev.sandstage.catalog.ToolsImage;
import dev.sandstage.config.StageConfig;
import dev.sandstage.host.DockerClients;
import dev.sandstage.host.StateDirectory;
import dev.sandstage.http.StageMetrics;
import dev.sandstage.pool.DockerSandboxFactory;
import dev.sandstage.pool.PoolConfig;
import dev.sandstage.pool.PoolTuning;
import dev.sandstage.pool.SandboxPool;
import dev.sandstage.publish.ExecutionJournal;
import dev.sandstage.publish.JournalReplayGuard;
import dev.sandstage.publish.TransactionalPublisher;
import dev.sandstage.verify.DecisionVerifier;
import dev.sandstage.verify.KeyRing;
import dev.sandstage.verify.VerifiableTool;
import dev.sandstage.verify.VerifierSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage's parts that exist outside Vert.x, built in dependency order by {@link #build} and
 * closed in reverse by {@link #close}. Both block (image build, producer initialisation, pool
 * close) and run on a Vert.x worker thread. Immutable after build.
 */
public record Components(DockerClient docker, ToolCatalog catalog, JournalReplayGuard replays,
        DecisionVerifier verifier, SandboxPool pool, TransactionalPublisher publisher, ExecutionJournal journal,
        PrometheusMeterRegistry registry, StageMetrics metrics, Clock clock) {

    private static final Logger LOG = LoggerFactory.getLogger(Components.class);
    /** Calls still running at pool close were already answered INTERRUPTED; their containers go at once. */
    private static final Duration POOL_CLOSE_GRACE = Duration.ofSeconds(2);
    private static final long POOL_CLOSE_WAIT_SECONDS = 60;

    /** Builds everything; on failure closes what was built and rethrows. */
    public static Components build(StageConfig config, StateDirectory state, Clock clock) {
        List<AutoCloseable> built = new ArrayList<>();
        try {
            LOG.info("starting stage {} (state directory {})", config.stage().instanceId(), state.root());
            DockerClient docker = DockerClients.connect();
            built.add(docker);
            ToolCatalog catalog = config.catalog().path().map(ToolCatalog::load).orElseGet(ToolCatalog::loadDefault);
            ToolsImage.ensureUsed(docker, catalog.tools().stream().map(ToolDefinition::image).toList());
            KeyRing keys = KeyRing.load(config.verify().keysDir());
            Map<String, Object> common = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                    config.kafka().bootstrapServers());
            TopicCheck.requireJournalMatchesDecisions(common, config.topics());
            JournalReplayGuard replays = new JournalReplayGuard();
            DecisionVerifier verifier = new DecisionVerifier(new VerifierSettings(config.verify().signatureRequired(),
                    config.verify().clockSkew(), config.verify().maxArgumentsBytes()), keys,
                    name -> catalog.find(name).map(t -> (VerifiableTool) t), replays, clock);
            PoolConfig poolConfig = new PoolConfig(config.stage().instanceId(), catalog.sandboxClasses(),
                    config.pool().globalMax(), config.pool().acquireDeadline(),
                    PoolTuning.defaults().withWorkerThreads(config.pool().workerThreads()).withCloseGrace(POOL_CLOSE_GRACE));
            SandboxPool pool = SandboxPool.create(poolConfig, new DockerSandboxFactory(docker,
                    DockerClients.dockerHost(System.getenv()), new SandboxImage(docker, AgentBinary.load())), clock);
            built.add(() -> pool.close().toCompletionStage().toCompletableFuture().get(POOL_CLOSE_WAIT_SECONDS,
                    TimeUnit.SECONDS));
            Map<String, Object> producer = new HashMap<>(config.kafka().producer());
            producer.putAll(common);
            TransactionalPublisher publisher = TransactionalPublisher.create(producer, config.stage().instanceId(), clock);
            built.add(publisher);
            ExecutionJournal journal = ExecutionJournal.create(common, config.topics().journal(),
                    config.stage().instanceId(), clock);
            built.add(journal);
            PrometheusMeterRegistry registry = StageMetrics.prometheusRegistry();
            StageMetrics metrics = new StageMetrics(registry);
            metrics.bindJvm();
            return new Components(docker, catalog, replays, verifier, pool, publisher, journal, registry,
                    metrics, clock);
        } catch (RuntimeException e) {
            closeAll(built);
            throw e;
        }
    }

    /** Closes the pool (removing its containers), the Kafka clients and the Docker client. */
    public void close() {
        closeAll(List.of(docker, () -> pool.close().toCompletionStage().toCompletableFuture()
                .get(POOL_CLOSE_WAIT_SECONDS, TimeUnit.SECONDS), publisher, journal, metrics));
    }

    private static void closeAll(List<AutoCloseable> built) {
        for (int i = built.size() - 1; i >= 0; i--) {
            try {
                built.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", built.get(i), e.toString());
            }
        }
    }
}
