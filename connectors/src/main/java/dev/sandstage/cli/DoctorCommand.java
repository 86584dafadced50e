package dev.sandstage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for the {@code doctor} verb; replaced by its real implementation. */
@Command(name = "doctor", description = "Not implemented yet.")
final class DoctorCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("doctor: not implemented yet");
        return 2;
    }
}
