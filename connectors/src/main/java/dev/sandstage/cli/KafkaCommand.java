package dev.sandstage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for the {@code kafka} verb; replaced by its real implementation. */
@Command(name = "kafka", description = "Not implemented yet.")
final class KafkaCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("kafka: not implemented yet");
        return 2;
    }
}
