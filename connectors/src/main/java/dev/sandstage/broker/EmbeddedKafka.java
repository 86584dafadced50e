package dev.sandstage.broker;

import dev.sandstage.broker.internal.BrokerConfigFile;
import dev.sandstage.broker.internal.BrokerFiles;
import dev.sandstage.broker.internal.BrokerProcess;
import dev.sandstage.broker.internal.LogTail;
import dev.sandstage.broker.internal.ReadinessProbe;
import dev.sandstage.broker.internal.StateLock;
import dev.sandstage.error.SandstageFatalException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running as a child
 * process of this JVM, with its data, configuration and log under {@code <state>/kafka/}. Used by
 * {@code sandstage kafka} and by {@code sandstage up}, which starts the stage against it.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaSettings.defaults(state))) {
 *     String bootstrap = kafka.bootstrapServers();   // "127.0.0.1:9092"
 *     kafka.exited().thenAccept(code -> ...);        // the broker died on its own
 * }
 * }</pre>
 *
 * <p>{@link #launch} takes the state directory's lock (one broker per state directory, across
 * processes), writes {@code server.properties} on the first start (and rewrites only its
 * listeners when other ports are requested later), formats the storage once, and starts the
 * broker. {@link #awaitReady} blocks until the broker answers and then writes the bootstrap
 * address to {@code <state>/kafka/bootstrap}. {@link #close} removes that file, stops the broker
 * (SIGTERM, then a kill after the grace period) and releases the lock. A broker left running by
 * a killed ({@code kill -9}) earlier owner of the directory is stopped first.
 *
 * <p>The broker does not create topics on first use ({@code auto.create.topics.enable=false}):
 * whoever needs a topic creates it with the partition count it relies on, and a mistyped name
 * fails instead of quietly creating a topic. Internal topics have one replica, and groups start
 * without the initial rebalance delay.
 *
 * <p>Threads: {@code launch} and {@code awaitReady} block the calling thread. {@code close} may be
 * called from any thread, also while another thread waits in {@code awaitReady} (which then fails
 * with {@link BrokerStoppedException}); concurrent calls wait for the first to finish. A JVM
 * shutdown hook closes a broker that was never closed.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** Lifecycle, only forward: STARTING → READY → CLOSED, or STARTING → CLOSED. CLOSED means close() began. */
    private enum State { STARTING, READY, CLOSED }

    private final EmbeddedKafkaSettings settings;
    private final BrokerFiles files;
    private final KafkaPorts ports;
    private final String clusterId;
    private final StateLock lock;
    private final Process process;
    private final Thread shutdownHook;
    private State state = State.STARTING;

    private EmbeddedKafka(EmbeddedKafkaSettings settings, BrokerFiles files, KafkaPorts ports, String clusterId,
            StateLock lock, Process process) {
        this.settings = settings;
        this.files = files;
        this.ports = ports;
        this.clusterId = clusterId;
        this.lock = lock;
        this.process = process;
        this.shutdownHook = new Thread(this::close, "sandstage-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Launches the broker and waits until it is ready; stops it again if it does not get there. */
    public static EmbeddedKafka start(EmbeddedKafkaSettings settings) {
        EmbeddedKafka kafka = launch(settings);
        try {
            kafka.awaitReady();
            return kafka;
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /** Prepares the directory and starts the broker process without waiting for it to be ready. */
    public static EmbeddedKafka launch(EmbeddedKafkaSettings settings) {
        BrokerFiles files = new BrokerFiles(settings.stateDirectory().subdirectory("kafka"));
        StateLock lock = StateLock.acquire(files.lockFile(), settings.stateDirectory().root());
        try {
            BrokerProcess broker = new BrokerProcess(
                    files, settings.javaHome(), settings.libraryDirs(), settings.jvmOptions());
            broker.orphan().ifPresent(orphan -> {
                LOG.warn("stopping the broker left running by an earlier run (pid {})", orphan.pid());
                BrokerProcess.stop(orphan, settings.stopGrace());
            });
            BrokerFiles.deleteIfExists(files.bootstrapFile());
            Optional<String> existing = BrokerFiles.read(files.serverProperties());
            KafkaPorts ports = KafkaPorts.resolve(
                    existing.map(BrokerConfigFile::readPorts), settings.port(), settings.controllerPort());
            // Before writing the config, so a port that is taken never gets persisted.
            ReadinessProbe.requireFree(ports);
            writeConfig(files, existing, ports);
            files.writeLogbackConfigIfMissing();
            String clusterId = files.clusterId();
            if (!Files.exists(files.metaProperties())) {
                broker.format(clusterId, settings.readyTimeout());
            }
            return new EmbeddedKafka(settings, files, ports, clusterId, lock, broker.startBroker());
        } catch (RuntimeException e) {
            lock.release();
            throw e;
        }
    }

    /**
     * Blocks until the broker answers clients, then publishes the bootstrap file. Fails with
     * {@link BrokerExitedException} when the broker exits first, {@link BrokerStoppedException}
     * when {@link #close} is called meanwhile, and a fatal error after the ready timeout.
     */
    public void awaitReady() {
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        try (ReadinessProbe probe = new ReadinessProbe(ports, clusterId)) {
            while (true) {
                if (stateIs(State.CLOSED)) {
                    throw new BrokerStoppedException(Map.of("state", settings.stateDirectory().root()));
                }
                if (!process.isAlive()) {
                    throw unexpectedExit("the Kafka broker exited before it was ready");
                }
                if (probe.ready()) {
                    markReady();
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new SandstageFatalException("the Kafka broker did not become ready in time",
                            Map.of("timeout", settings.readyTimeout(), "log", files.log()));
                }
                waitForExit(Duration.ofMillis(250));
            }
        }
    }

    /** The address clients use, for example {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return ports.bootstrapServers();
    }

    public KafkaPorts ports() {
        return ports;
    }

    /** The KRaft cluster id chosen on the first start of this state directory. */
    public String clusterId() {
        return clusterId;
    }

    /** The file that collects the broker's output. */
    public Path logFile() {
        return files.log();
    }

    public long pid() {
        return process.pid();
    }

    /** Completes with the broker's exit code when its process ends, whether or not it was asked to. */
    public CompletableFuture<Integer> exited() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /** True once {@link #close} has been called, so an exit is not a crash. */
    public synchronized boolean closing() {
        return state == State.CLOSED;
    }

    /** The error to report when the broker ended on its own: its exit code and last log lines. */
    public BrokerExitedException unexpectedExit(String message) {
        int code = process.isAlive() ? -1 : process.exitValue();
        return new BrokerExitedException(message, Map.of("exit-code", code, "log", files.log()),
                LogTail.lastLines(files.log(), LogTail.DEFAULT_LINES));
    }

    /** Removes the bootstrap file, stops the broker and releases the lock; idempotent. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        try {
            BrokerFiles.deleteIfExists(files.bootstrapFile());
            BrokerProcess.stop(process.toHandle(), settings.stopGrace());
            BrokerFiles.deleteIfExists(files.pidFile());
        } finally {
            lock.release();
            removeShutdownHook();
        }
    }

    private static void writeConfig(BrokerFiles files, Optional<String> existing, KafkaPorts ports) {
        if (existing.isEmpty()) {
            BrokerFiles.writeAtomically(files.serverProperties(), BrokerConfigFile.render(ports));
        } else if (!BrokerConfigFile.readPorts(existing.get()).equals(ports)) {
            BrokerFiles.writeAtomically(files.serverProperties(), BrokerConfigFile.withPorts(existing.get(), ports));
        }
    }

    private synchronized boolean stateIs(State s) {
        return state == s;
    }

    private synchronized void markReady() {
        if (state != State.STARTING) {
            throw new BrokerStoppedException(Map.of("state", settings.stateDirectory().root()));
        }
        BrokerFiles.writeAtomically(files.bootstrapFile(), bootstrapServers() + "\n");
        state = State.READY;
    }

    /** Waits up to {@code max}, returning early when the broker exits. */
    private void waitForExit(Duration max) {
        try {
            process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStoppedException(Map.of("state", settings.stateDirectory().root()));
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (this may be the hook itself); nothing to remove.
        }
    }
}
