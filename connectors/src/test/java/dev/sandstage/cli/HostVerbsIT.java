package dev.sandstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Runs the {@code prepare} and {@code doctor} verbs in-process against the real host and Docker
 * engine, as {@code ./sandstage} would, and checks what a user reads.
 */
class HostVerbsIT {

    private record Run(int exit, String out, String err) {}

    private static Run sandstage(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SandstageCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void prepareTwiceChangesNothingTheSecondTimeAndDoctorThenReportsReady() {
        Run first = sandstage("prepare");
        assertThat(first.exit()).as(first.out() + first.err()).isZero();

        Run second = sandstage("prepare");

        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(second.out())
                .contains("summary: nothing to change, the host was already prepared")
                .doesNotContain("changed:");
        assertThat(second.out().lines().filter(l -> l.startsWith("  in place"))).hasSize(6)
                .anySatisfy(l -> assertThat(l).startsWith("  in place  gvisor       runsc "))
                .anySatisfy(l -> assertThat(l).startsWith("  in place  python       sandstage/python:"));

        Run doctor = sandstage("doctor");

        assertThat(doctor.exit()).as(doctor.out()).isZero();
        assertThat(doctor.out()).contains("host is ready").doesNotContain("missing");
    }

    @Test
    void doctorReportsRunscRegisteredWithACurrentVersionAndTheEngineApiVersion() {
        Run doctor = sandstage("doctor");

        assertThat(doctor.out().lines())
                .anySatisfy(l -> assertThat(l).startsWith("ok").contains("runtime runsc").contains("runsc registered"))
                .anySatisfy(l -> assertThat(l).startsWith("ok").contains("runsc version").contains("(released 20"))
                .anySatisfy(l -> assertThat(l).startsWith("ok").contains("docker").containsPattern("API 1\\.\\d+"))
                .anySatisfy(l -> assertThat(l).startsWith("ok").contains("base image").contains("sandstage/base:bookworm"));
    }
}
