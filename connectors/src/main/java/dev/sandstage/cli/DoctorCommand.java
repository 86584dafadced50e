package dev.sandstage.cli;

import dev.sandstage.host.DoctorReport;
import dev.sandstage.host.HostDoctor;
import dev.sandstage.host.HostProbe;
import dev.sandstage.host.StateDirectory;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code doctor} verb: prints, one line each, what the host has and lacks for Sandstage,
 * and exits 0 only when everything needed is there. Changes nothing.
 *
 * <p>Runs on the CLI's main thread.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Show what this host has and lacks: JDK, Docker engine and API version, runtimes (runc, runsc),",
            "the runsc version (a warning when older than 2024), kernel features, the base image, gcc with",
            "static libc, free disk. Exits 0 when the host is ready (warnings included), 1 otherwise (then",
            "run ./sandstage prepare)."
        })
final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DoctorReport report = HostDoctor.examine(new HostProbe(System.getenv(), StateDirectory.fromEnvironment()).probe());
        report.lines().forEach(out::println);
        out.flush();
        return report.exitCode();
    }
}
