package dev.sandstage.cli;

import dev.sandstage.error.SandstageException;
import dev.sandstage.host.DoctorReport;
import dev.sandstage.host.HostDoctor;
import dev.sandstage.host.HostPreparer;
import dev.sandstage.host.HostProbe;
import dev.sandstage.host.PrepareReport;
import dev.sandstage.host.StateDirectory;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code prepare} verb: makes the host ready (Debian packages, a current gVisor, runsc in
 * daemon.json, a running engine, the base image), idempotently, then prints a summary and the
 * doctor's verdict. Exits 0 when the host ends up ready. {@code ./sandstage test} runs it first.
 *
 * <p>Runs on the CLI's main thread; progress lines go to standard output as they come.
 */
@Command(
        name = "prepare",
        mixinStandardHelpOptions = true,
        description = {
            "Make this host ready for Sandstage, changing only what is missing: install docker.io, runsc,",
            "debootstrap, gcc, libc6-dev from Debian (as root), replace a runsc older than 2024 with Debian 13's",
            "(an apt source for trixie pinned to that one package), register runsc in /etc/docker/daemon.json,",
            "start dockerd when no engine answers, build the base image sandstage/base:bookworm with debootstrap.",
            "Never contacts a container registry unless SANDSTAGE_BASE_FROM_REGISTRY=true."
        })
final class PrepareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> env = System.getenv();
        StateDirectory state = StateDirectory.fromEnvironment();
        PrepareReport report;
        try {
            report = new HostPreparer(env, state, line -> {
                out.println(line);
                out.flush();
            }).prepare();
        } catch (SandstageException e) {
            out.flush();
            err.println("prepare failed: " + e.getMessage());
            err.flush();
            return DoctorReport.EXIT_MISSING;
        }
        report.lines().forEach(out::println);
        DoctorReport doctor = HostDoctor.examine(new HostProbe(env, state).probe());
        if (!doctor.ready()) {
            doctor.lines().forEach(out::println);
        }
        out.flush();
        return doctor.exitCode();
    }
}
