package dev.sandstage.host;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.RuntimeInfo;
import com.github.dockerjava.api.model.Version;
import dev.sandstage.host.internal.Processes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Looks at the real host and returns {@link HostFacts}: the running JDK, the Docker engine (via
 * {@link DockerClients}), kernel features from {@code /proc} and {@code /sys}, the base image,
 * gcc with a static libc, free disk, and the version of the runsc binary the engine starts.
 * Never changes anything. Called by the {@code doctor} and {@code prepare} verbs.
 *
 * <p>Blocks the calling thread for a few engine round trips and program runs; holds no state
 * between calls, so any thread may use it.
 */
public final class HostProbe {

    private static final String RUNSC = "runsc";

    private final Map<String, String> env;
    private final StateDirectory state;

    public HostProbe(Map<String, String> env, StateDirectory state) {
        this.env = Map.copyOf(env);
        this.state = state;
    }

    public HostFacts probe() {
        URI host = DockerClients.dockerHost(env);
        try (DockerClient docker = DockerClients.connect(env)) {
            HostFacts.Engine engine = engine(docker, host);
            return new HostFacts(jdk(), engine, kernel(), engine.reachable() ? baseImageId(docker) : null,
                    toolchain(), disk(state.root()), engine.rootDir() == null ? null : disk(Path.of(engine.rootDir())),
                    runsc(docker, host));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot close the Docker client", e);
        }
    }

    /** The engine's identity, runtimes and security options, or why it did not answer. */
    public static HostFacts.Engine engine(DockerClient docker, URI host) {
        try {
            Version version = docker.versionCmd().exec();
            Info info = docker.infoCmd().exec();
            return new HostFacts.Engine(host, null, version.getVersion(), version.getApiVersion(),
                    info.getRuntimes() == null ? null : info.getRuntimes().keySet(),
                    info.getSecurityOptions(), info.getCGroupVersion(), info.getDockerRootDir());
        } catch (RuntimeException e) {
            return HostFacts.Engine.unreachable(host, rootMessage(e));
        }
    }

    /**
     * The runsc binary the engine at {@code host} starts for runtime {@code runsc} and its version:
     * the path the engine registered, else the {@code runsc} on PATH (an engine that does not
     * answer, or has no runsc yet). Only an engine on a unix socket is on this host; for another
     * the binary is out of reach and the facts say so.
     */
    public static HostFacts.Runsc runsc(DockerClient docker, URI host) {
        if (!"unix".equals(host.getScheme())) {
            return HostFacts.Runsc.unknown("the engine at " + host + " is not on this host");
        }
        Optional<Path> path = registeredRunsc(docker).or(() -> Processes.which(RUNSC));
        if (path.isEmpty()) {
            return HostFacts.Runsc.unknown("no runsc registered in the engine or on PATH");
        }
        return Processes.capture(List.of(path.get().toString(), "--version"))
                .filter(Processes.Result::ok)
                .map(r -> new HostFacts.Runsc(path.get(), r.firstLine(), null))
                .orElseGet(() -> new HostFacts.Runsc(path.get(), null, path.get() + " --version failed"));
    }

    private static Optional<Path> registeredRunsc(DockerClient docker) {
        try {
            Map<String, RuntimeInfo> runtimes = docker.infoCmd().exec().getRuntimes();
            RuntimeInfo runsc = runtimes == null ? null : runtimes.get(RUNSC);
            if (runsc == null || runsc.getPath() == null || runsc.getPath().isBlank()) {
                return Optional.empty();
            }
            // The engine looks a bare name up on its own PATH.
            String path = runsc.getPath();
            return path.contains("/") ? Optional.of(Path.of(path)) : Processes.which(path);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The base image's id, or null when the engine does not have it. */
    public static String baseImageId(DockerClient docker) {
        try {
            return docker.inspectImageCmd(BaseImage.NAME).exec().getId();
        } catch (NotFoundException e) {
            return null;
        }
    }

    static HostFacts.Jdk jdk() {
        return new HostFacts.Jdk(System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                Runtime.version().feature(), Path.of(System.getProperty("java.home")));
    }

    static HostFacts.Kernel kernel() {
        boolean seccomp = read(Path.of("/proc/self/status")).lines().anyMatch(l -> l.startsWith("Seccomp:"));
        long userns;
        try {
            userns = Long.parseLong(read(Path.of("/proc/sys/user/max_user_namespaces")).strip());
        } catch (NumberFormatException e) {
            userns = -1;
        }
        return new HostFacts.Kernel(seccomp, userns, cgroupLayout(Path.of("/sys/fs/cgroup")));
    }

    private static String cgroupLayout(Path root) {
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            return "v2";
        }
        if (Files.exists(root.resolve("unified"))) {
            return "hybrid (v1 controllers, v2 unified hierarchy)";
        }
        return Files.isDirectory(root) ? "v1" : null;
    }

    static HostFacts.Toolchain toolchain() {
        String gcc = Processes.capture(List.of("gcc", "--version"))
                .filter(Processes.Result::ok).map(Processes.Result::firstLine).orElse(null);
        Path libc = gcc == null ? null : Processes.capture(List.of("gcc", "-print-file-name=libc.a"))
                .filter(Processes.Result::ok)
                .map(r -> Path.of(r.firstLine()))
                .filter(p -> p.isAbsolute() && Files.isRegularFile(p))
                .map(Path::normalize)
                .orElse(null);
        return new HostFacts.Toolchain(gcc, libc);
    }

    /** Free space of the file system holding {@code path} or, if it does not exist yet, its nearest parent. */
    static HostFacts.Disk disk(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return new HostFacts.Disk(path, existing == null ? -1 : Files.getFileStore(existing).getUsableSpace());
        } catch (IOException e) {
            return new HostFacts.Disk(path, -1);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
