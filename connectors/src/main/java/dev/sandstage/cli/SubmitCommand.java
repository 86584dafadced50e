package dev.sandstage.cli;

import dev.sandstage.config.StageConfig;
import dev.sandstage.connectors.DecisionPublisher;
import dev.sandstage.connectors.DevKeys;
import dev.sandstage.error.SandstageException;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.host.StateDirectory;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code submit} verb: like {@code call} but does not wait; prints the decision id once the
 * broker acknowledged the decision. Exit 0 when published, 1 on errors, 2 on usage errors. Main
 * thread only.
 */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = {
            "Publish one signed tool-call decision and print its decision id without waiting for the result",
            "(follow it with './sandstage tail results'). --timeout sets the expiry: now + timeout + 1m."
        })
final class SubmitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaConnection kafka;

    @Mixin
    DecisionOptions decision;

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
            try (DecisionPublisher publisher =
                    DecisionPublisher.create(bootstrap, config.topics().decisions(), DevKeys.ensureDevKey(state))) {
                publisher.publish(unsigned).get(30, TimeUnit.SECONDS);
            }
            out.println(unsigned.getDecisionId());
            return 0;
        } catch (SandstageException e) {
            err.println("submit: " + e.getMessage());
            return 1;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            err.println("submit: could not publish the decision: " + cause);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
