package dev.sandstage.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.sandstage.host.DockerClients;
import dev.sandstage.host.StateDirectory;
import dev.sandstage.pool.SandboxLabels;
import dev.sandstage.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@link StageMain} as a child process, the way an operator runs it: {@code java -cp <this test
 * JVM's class path> dev.sandstage.stage.StageMain --config FILE}, with its state directory
 * ({@value StateDirectory#ENV}) and output files in a directory of the test. Stdout and stderr go
 * to files (a pipe nobody drains would stall the child), so {@link #tail()} can put the child's
 * last words into a failure message. Used by the ITs that must kill or starve a whole JVM.
 *
 * <p>Threads: the test thread only.
 */
final class StageProcess implements AutoCloseable {

    static final Duration READY_WITHIN = Duration.ofMinutes(3);
    static final Duration STOP_WITHIN = Duration.ofMinutes(2);
    /** What {@link Process#exitValue()} reports for a JVM that died of SIGKILL (128 + 9). */
    static final int KILLED = 137;

    private static final int TAIL_LINES = 40;

    final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private StageProcess(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts a stage process named {@code name} (its output files are {@code dir/name.out} and
     * {@code dir/name.err}) with {@code jvmOptions} and waits for its ready line. The child's
     * environment is this JVM's without any {@code SANDSTAGE_*} variable, so only {@code config}
     * configures it; its state directory is {@code dir/state}.
     */
    static StageProcess start(String name, Path dir, Path config, List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // The test class path holds logback-test.xml twice (this module's and the schemas test-jar's),
        // and logback reports that on stdout; the child's own log lines still go to stderr.
        command.add("-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StageMain.class.getName(),
                "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("SANDSTAGE_"));
        builder.environment().put(StateDirectory.ENV, Files.createDirectories(dir.resolve("state")).toString());
        StageProcess stage = new StageProcess(name, builder.start(), dir.resolve(name + ".out"),
                dir.resolve(name + ".err"));
        try {
            stage.awaitReady();
        } catch (RuntimeException | Error e) {
            stage.close();
            throw e;
        }
        return stage;
    }

    /** Writes {@code settings} (dotted configuration keys) as the YAML configuration file {@code file}. */
    static Path writeConfig(Path file, Map<String, String> settings) throws IOException {
        String yaml = settings.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + ": \"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining("\n", "", "\n"));
        return Files.writeString(file, yaml);
    }

    private void awaitReady() {
        await("ready line of " + name).atMost(READY_WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before it was ready:\n"
                        + tail());
            }
            return lines(stdout).contains(StageMain.READY);
        });
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: SIGKILL, no shutdown hook, no drain; asserts the JVM died of exactly that. */
    void kill() throws InterruptedException {
        // On Linux destroyForcibly() is kill(pid, SIGKILL); the exit value 137 proves the signal.
        process.destroyForcibly();
        assertThat(process.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)).as("%s died", name).isTrue();
        assertThat(process.exitValue()).as("%s exit value after SIGKILL\n%s", name, tail()).isEqualTo(KILLED);
    }

    /** SIGTERM (on Linux {@link Process#destroy()}), then waits for the exit; returns the exit value. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError(name + " did not exit within " + STOP_WITHIN + " of SIGTERM:\n" + tail());
        }
        return process.exitValue();
    }

    /** The last lines of the child's stderr (its log) and stdout, for failure messages. */
    String tail() {
        return "--- " + name + " stderr (last " + TAIL_LINES + " lines) ---\n" + last(lines(stderr))
                + "--- " + name + " stdout ---\n" + last(lines(stdout));
    }

    /** A port free now on loopback, for {@code http.port} (the child must be told its port up front). */
    static int freePort() {
        return FreePorts.pick();
    }

    /** Sandbox containers (running or not) labelled with {@code instanceId}, as the engine lists them. */
    static List<String> containersOf(String instanceId) throws IOException {
        try (DockerClient docker = DockerClients.connect()) {
            return docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of(SandboxLabels.instanceFilter(instanceId))).exec().stream()
                    .map(c -> c.getId().substring(0, 12) + " " + c.getState()).toList();
        }
    }

    /** A test that failed half-way must not leave a stage running: SIGTERM, then SIGKILL. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String last(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()).stream()
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
