package dev.sandstage.cli;

import dev.sandstage.broker.BrokerExitedException;
import dev.sandstage.broker.BrokerStoppedException;
import dev.sandstage.broker.EmbeddedKafka;
import dev.sandstage.broker.EmbeddedKafkaSettings;
import dev.sandstage.error.SandstageException;
import dev.sandstage.host.StateDirectory;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code kafka} verb: runs the embedded single-node Kafka broker ({@link EmbeddedKafka}) in
 * the foreground until SIGTERM or SIGINT, then stops it and exits 0. Prints
 * {@code kafka ready at 127.0.0.1:PORT} on standard output once clients can connect; if the broker
 * dies on its own, prints the last lines of its log on standard error and exits 1.
 *
 * <p>Runs on the main thread; the signal handlers only complete a future (see
 * {@link TerminationSignals}) and close the broker when a signal arrives during start-up.
 */
@Command(
        name = "kafka",
        mixinStandardHelpOptions = true,
        description = {
            "Run a single-node Kafka broker (KRaft) in the foreground, with its data under <state>/kafka.",
            "Writes the bootstrap address to <state>/kafka/bootstrap while it is ready; Ctrl-C stops it.",
            "Topics are not created on first use; create them (for example with kafka-topics.sh)."
        })
final class KafkaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Client port on 127.0.0.1 (default: the one persisted on the first start, else 9092).")
    Integer port;

    @Option(names = "--controller-port", paramLabel = "PORT",
            description = "KRaft controller port on 127.0.0.1 (default: the one persisted, else 9093).")
    Integer controllerPort;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CompletableFuture<String> stop = TerminationSignals.install();
        try {
            return run(stop, out);
        } catch (BrokerExitedException e) {
            report(err, e.getMessage(), e.lastLogLines());
            return 1;
        } catch (SandstageException e) {
            err.println("kafka: " + e.getMessage());
            return 1;
        } finally {
            err.flush();
        }
    }

    private int run(CompletableFuture<String> stop, PrintWriter out) {
        EmbeddedKafkaSettings settings = EmbeddedKafkaSettings.defaults(StateDirectory.fromEnvironment());
        if (port != null) {
            settings = settings.withPort(port);
        }
        if (controllerPort != null) {
            settings = settings.withControllerPort(controllerPort);
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.launch(settings)) {
            // A signal during start-up must interrupt awaitReady; close() is safe from the signal thread.
            stop.thenRun(kafka::close);
            try {
                kafka.awaitReady();
            } catch (BrokerStoppedException e) {
                return 0;
            }
            out.println("kafka ready at " + kafka.bootstrapServers());
            out.flush();
            CompletableFuture.anyOf(stop, kafka.exited()).join();
            if (stop.isDone() || kafka.closing()) {
                return 0; // try-with-resources stops the broker (or waits for the signal thread to finish it)
            }
            throw kafka.unexpectedExit("the Kafka broker exited unexpectedly");
        }
    }

    private static void report(PrintWriter err, String message, List<String> lastLines) {
        err.println("kafka: " + message);
        if (!lastLines.isEmpty()) {
            err.println("kafka: last lines of the broker log:");
            lastLines.forEach(l -> err.println("  " + l));
        }
    }
}
