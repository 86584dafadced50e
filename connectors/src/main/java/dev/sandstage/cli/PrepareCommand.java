package dev.sandstage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for the {@code prepare} verb; replaced by its real implementation. */
@Command(name = "prepare", description = "Not implemented yet.")
final class PrepareCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("prepare: not implemented yet");
        return 2;
    }
}
