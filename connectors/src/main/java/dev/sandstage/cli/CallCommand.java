package dev.sandstage.cli;

import dev.sandstage.config.StageConfig;
import dev.sandstage.connectors.DecisionPublisher;
import dev.sandstage.connectors.DevKeys;
import dev.sandstage.connectors.ResultSubscriber;
import dev.sandstage.connectors.StartPosition;
import dev.sandstage.error.SandstageException;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import dev.sandstage.host.StateDirectory;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code call} verb: builds an allowed decision for one tool call (see {@link DevDecision}),
 * signs it with the development key ({@link DevKeys}), publishes it, waits for its result and
 * prints it. Exit status: 0 only for {@code SUCCEEDED}; 1 for any other status or an error (no
 * broker, no key); 2 for usage errors and when no result arrives within {@code --timeout}.
 *
 * <p>Runs on the CLI's main thread. The result subscriber is positioned before the decision is
 * published, so a fast result cannot be missed.
 */
@Command(
        name = "call",
        mixinStandardHelpOptions = true,
        description = {
            "Run one tool call through the stage: sign a decision with the development key, publish it,",
            "wait for the result and print it (stdout pretty-printed when the stage kept it as JSON).",
            "--json prints the result as one JSON object (friendly mapping: snake_case fields, ISO-8601",
            "times, stdout/stderr as {text, truncated, total_bytes}, stdout_json as the tool's JSON",
            "object or array itself, or null)."
        })
final class CallCommand implements Callable<Integer> {

    static final int EXIT_TIMEOUT = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaConnection kafka;

    @Mixin
    DecisionOptions decision;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ToolCallDecision unsigned = decision.build(spec.commandLine(), Clock.systemUTC());
        try {
            KafkaConnection.Target target = kafka.connect();
            StateDirectory state = target.state();
            StageConfig config = target.config();
            String bootstrap = target.bootstrap();
            var key = DevKeys.ensureDevKey(state);
            Optional<ToolResult> result;
            try (ResultSubscriber results = ResultSubscriber.open(bootstrap, config.topics().results(), StartPosition.LATEST);
                    DecisionPublisher publisher = DecisionPublisher.create(bootstrap, config.topics().decisions(), key)) {
                publisher.publish(unsigned).get(30, TimeUnit.SECONDS);
                result = results.awaitResult(unsigned.getDecisionId(), decision.timeout);
            }
            if (result.isEmpty()) {
                err.println("call: no result for decision " + unsigned.getDecisionId() + " within "
                        + decision.timeout.toSeconds() + "s; is the stage running ('./sandstage up')?"
                        + " It may still run: see './sandstage tail results'.");
                return EXIT_TIMEOUT;
            }
            out.println(json ? EventText.json(result.get()) : EventText.summary(result.get()));
            return result.get().getStatus() == ResultStatus.SUCCEEDED ? 0 : 1;
        } catch (SandstageException e) {
            err.println("call: " + e.getMessage());
            return 1;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            err.println("call: could not publish the decision: " + cause);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            err.println("call: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
