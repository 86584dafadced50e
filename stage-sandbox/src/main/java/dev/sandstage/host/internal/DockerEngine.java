package dev.sandstage.host.internal;

import com.github.dockerjava.api.DockerClient;
import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.error.SandstageRetriableException;
import dev.sandstage.host.DockerClients;
import dev.sandstage.host.HostFacts;
import dev.sandstage.host.HostProbe;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Starts and reloads the local Docker engine for the prepare step, and waits until it answers.
 *
 * <p>Blocks the calling thread (the CLI's main thread) while it polls the engine.
 */
public final class DockerEngine {

    /**
     * The engine's flags. No bridge and no iptables: containers run with {@code --network none},
     * so the engine needs no network setup on the host and cannot open anything beyond loopback.
     * It listens only on its unix socket (no TCP).
     */
    public static final List<String> DOCKERD_ARGS = List.of(
            "--bridge=none", "--iptables=false", "--ip6tables=false", "-H", DockerClients.DEFAULT_HOST);

    private static final Path PID_FILE = Path.of("/var/run/docker.pid");
    private static final Duration POLL = Duration.ofMillis(250);

    private final DockerClient docker;
    private final URI host;

    public DockerEngine(DockerClient docker, URI host) {
        this.docker = docker;
        this.host = host;
    }

    /** The engine's facts now; unreachable ones carry the error. */
    public HostFacts.Engine facts() {
        return HostProbe.engine(docker, host);
    }

    /**
     * Starts dockerd in its own session ({@code setsid}) so it outlives the CLI, with output
     * appended to {@code log}, and waits until it answers.
     */
    public HostFacts.Engine start(Path log, Duration deadline, Consumer<String> out) {
        return start(DOCKERD_ARGS, log, deadline, out);
    }

    /** As {@link #start(Path, Duration, Consumer)} with other flags (a second engine beside the first, in a trial). */
    public HostFacts.Engine start(List<String> dockerdArgs, Path log, Duration deadline, Consumer<String> out) {
        Path dockerd = Processes.which("dockerd").orElseThrow(() -> new SandstageFatalException(
                "no dockerd on this host; the docker.io package provides it", Map.of()));
        Path setsid = Processes.which("setsid").orElseThrow(() -> new SandstageFatalException(
                "no setsid on this host (util-linux)", Map.of()));
        List<String> command = new java.util.ArrayList<>(List.of(setsid.toString(), dockerd.toString()));
        command.addAll(dockerdArgs);
        out.accept("[dockerd] $ " + String.join(" ", command) + "  (log: " + log + ")");
        Process process;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new SandstageFatalException("cannot start dockerd", Map.of("log", log), e);
        }
        return awaitEngine(e -> true, deadline, () -> process.isAlive() ? Optional.empty()
                : Optional.of("dockerd exited with " + process.exitValue() + "; see " + log), out);
    }

    /**
     * The names of the running containers that use {@code runtime}; empty when the engine does
     * not answer (then nothing runs on it).
     */
    public List<String> runningContainersOf(String runtime) {
        try {
            return docker.listContainersCmd().withStatusFilter(List.of("running")).exec().stream()
                    .filter(c -> runtime.equals(runtimeOf(c.getId())))
                    .map(c -> c.getNames() == null || c.getNames().length == 0
                            ? c.getId() : c.getNames()[0].substring(1))
                    .sorted()
                    .toList();
        } catch (RuntimeException e) {
            if (facts().reachable()) {
                throw e;
            }
            return List.of();
        }
    }

    private String runtimeOf(String containerId) {
        try {
            var hostConfig = docker.inspectContainerCmd(containerId).exec().getHostConfig();
            return hostConfig == null ? null : hostConfig.getRuntime();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return null; // removed since it was listed
        }
    }

    /** Sends SIGHUP to the running dockerd so it rereads daemon.json, then waits for runsc. */
    public HostFacts.Engine reloadForRuntime(String runtime, Duration deadline, Consumer<String> out) {
        String pid = dockerdPid().orElseThrow(() -> new SandstageFatalException(
                "daemon.json changed but the running dockerd's pid is unknown; restart it by hand",
                Map.of("pidFile", PID_FILE)));
        out.accept("[dockerd] reloading configuration (kill -HUP " + pid + ")");
        // The shell's builtin kill: Java cannot send SIGHUP, and /usr/bin/kill (procps) may be absent.
        Processes.Result kill = Processes.capture(List.of("sh", "-c", "kill -HUP \"$1\"", "sh", pid))
                .orElseThrow(() -> new SandstageFatalException("cannot run sh", Map.of()));
        if (!kill.ok()) {
            throw new SandstageFatalException("cannot signal dockerd: " + kill.firstLine(), Map.of("pid", pid));
        }
        return awaitEngine(e -> e.runtimes().contains(runtime), deadline, Optional::empty, out);
    }

    private HostFacts.Engine awaitEngine(Predicate<HostFacts.Engine> wanted, Duration deadline,
            java.util.function.Supplier<Optional<String>> gaveUp, Consumer<String> out) {
        Instant end = Instant.now().plus(deadline);
        HostFacts.Engine engine = facts();
        while (!(engine.reachable() && wanted.test(engine))) {
            Optional<String> reason = gaveUp.get();
            if (reason.isPresent()) {
                throw new SandstageFatalException(reason.get(), Map.of("host", host));
            }
            if (Instant.now().isAfter(end)) {
                throw new SandstageRetriableException("the Docker engine did not get ready in time",
                        Map.of("host", host, "deadline", deadline, "last", String.valueOf(engine.error())));
            }
            pause();
            engine = facts();
        }
        out.accept("[dockerd] engine " + engine.serverVersion() + " answers, API " + engine.apiVersion()
                + ", runtimes " + engine.runtimes().stream().sorted().toList());
        return engine;
    }

    private static Optional<String> dockerdPid() {
        try {
            if (Files.exists(PID_FILE)) {
                return Optional.of(Files.readString(PID_FILE).strip()).filter(s -> s.matches("\\d+"));
            }
        } catch (IOException e) {
            // Fall through to the process table.
        }
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/dockerd")).orElse(false))
                .map(p -> Long.toString(p.pid()))
                .findFirst();
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandstageRetriableException("interrupted while waiting for the Docker engine", Map.of());
        }
    }
}
