package dev.sandstage.cli;

import dev.sandstage.config.StageConfig;
import dev.sandstage.connectors.AuditSubscriber;
import dev.sandstage.connectors.ResultSubscriber;
import dev.sandstage.connectors.StartPosition;
import dev.sandstage.error.SandstageException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code tail} verb: follows the results or the audit topic (read_committed), one line per
 * event, until SIGTERM or Ctrl-C, then exits 0. Polls on the main thread; the signal thread only
 * completes a future and wakes the consumer.
 */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description = {
            "Follow the results or the audit topic, one line per event (--json: one JSON object per line,",
            "the same mapping as 'call --json'). Starts at the end unless --from-beginning; Ctrl-C exits 0."
        })
final class TailCommand implements Callable<Integer> {

    /** Which topic to follow. */
    enum Stream { results, audit }

    private static final Duration POLL = Duration.ofMillis(500);

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaConnection kafka;

    @Parameters(index = "0", paramLabel = "results|audit", description = "Which topic: ${COMPLETION-CANDIDATES}.")
    Stream stream;

    @Option(names = "--from-beginning", description = "Start with the oldest retained event.")
    boolean fromBeginning;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CompletableFuture<String> stop = TerminationSignals.install();
        StartPosition start = fromBeginning ? StartPosition.BEGINNING : StartPosition.LATEST;
        try {
            KafkaConnection.Target target = kafka.connect();
            StageConfig config = target.config();
            String bootstrap = target.bootstrap();
            if (stream == Stream.results) {
                try (ResultSubscriber sub = ResultSubscriber.open(bootstrap, config.topics().results(), start)) {
                    stop.thenRun(sub::wakeup);
                    while (!stop.isDone()) {
                        sub.poll(POLL).forEach(r -> out.println(json ? EventText.json(r) : EventText.line(r)));
                        out.flush();
                    }
                }
            } else {
                try (AuditSubscriber sub = AuditSubscriber.open(bootstrap, config.topics().audit(), start)) {
                    stop.thenRun(sub::wakeup);
                    while (!stop.isDone()) {
                        sub.poll(POLL).forEach(e -> out.println(json ? EventText.json(e) : EventText.line(e)));
                        out.flush();
                    }
                }
            }
            return 0;
        } catch (SandstageException | IllegalStateException e) {
            err.println("tail: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
