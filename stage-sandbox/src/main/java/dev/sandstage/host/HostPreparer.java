package dev.sandstage.host;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.host.internal.AptMirror;
import dev.sandstage.host.internal.DaemonConfigFile;
import dev.sandstage.host.internal.DaemonJson;
import dev.sandstage.host.internal.DebianPackages;
import dev.sandstage.host.internal.DebootstrapImage;
import dev.sandstage.host.internal.DockerEngine;
import dev.sandstage.host.internal.Processes;
import dev.sandstage.host.internal.RegistryImage;
import dev.sandstage.host.internal.TrixieRunsc;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Makes the host ready for Sandstage, idempotently: installs the Debian packages it lacks,
 * replaces a gVisor older than 2024 with Debian 13's, registers runsc in {@code daemon.json},
 * starts or reloads dockerd, builds the base image, and builds the Python runtime images the tool
 * images derive from ({@link PythonImages}: Debian packages from this host's apt, installed FROM
 * the base image in a build without network).
 * Each step looks first and changes only what is missing, so a second run changes nothing.
 * Called by the {@code prepare} verb (and so by {@code ./sandstage test}) and by integration
 * tests that need a ready host.
 *
 * <p>Blocks the calling thread for the whole preparation; long steps stream their tool's lines
 * to {@code out} with a step prefix. Not for concurrent use.
 */
public final class HostPreparer {

    /** What the host needs from Debian: the engine, gVisor, the base image builder, and gcc -static. */
    public static final List<String> PACKAGES = List.of("docker.io", "runsc", "debootstrap", "gcc", "libc6-dev");

    private static final Duration ENGINE_DEADLINE = Duration.ofSeconds(90);
    private static final Path ETC_APT = Path.of("/etc/apt");
    private static final Path OS_RELEASE = Path.of("/etc/os-release");

    private final Map<String, String> env;
    private final StateDirectory state;
    private final Path daemonJson;
    private final Consumer<String> out;
    private final List<PrepareReport.Step> steps = new ArrayList<>();

    public HostPreparer(Map<String, String> env, StateDirectory state, Consumer<String> out) {
        this(env, state, DaemonConfigFile.DEFAULT, out);
    }

    HostPreparer(Map<String, String> env, StateDirectory state, Path daemonJson, Consumer<String> out) {
        this.env = Map.copyOf(env);
        this.state = state;
        this.daemonJson = daemonJson;
        this.out = out;
    }

    /**
     * Runs every step in order.
     *
     * @throws SandstageFatalException when a step cannot be done (not root, bad daemon.json,
     *     debootstrap failed), naming what to do by hand
     */
    public PrepareReport prepare() {
        packages();
        URI host = DockerClients.dockerHost(env);
        boolean ownEngine = DockerClients.isDefaultLocalHost(host);
        try (DockerClient docker = DockerClients.connect(env); DockerHttpClient http = DockerClients.httpClient(env)) {
            DockerEngine engine = new DockerEngine(docker, host);
            boolean configChanged = ownEngine && daemonConfig(gvisor(engine));
            engine(engine, ownEngine, configChanged);
            baseImage(docker, http);
            pythonImages(docker);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot close the Docker client", e);
        }
        return new PrepareReport(steps);
    }

    private void packages() {
        List<String> missing = DebianPackages.missing(PACKAGES);
        if (missing.isEmpty()) {
            record("packages", false, String.join(" ", PACKAGES) + " installed");
            return;
        }
        if (!isRoot()) {
            throw new SandstageFatalException("missing Debian packages; as root, run:\n  "
                    + String.join("\n  ", DebianPackages.commands(missing)), Map.of("missing", String.join(" ", missing)));
        }
        out.accept("[apt] installing " + String.join(" ", missing));
        DebianPackages.install(missing, out);
        record("packages", true, "installed " + String.join(" ", missing));
    }

    /**
     * Installs Debian 13's gVisor when the runsc the engine would start is older than
     * {@link RunscVersion#CURRENT_SINCE}; a current one, or a build of unknown date, is kept. The
     * package puts it where bookworm's was, so the engine starts it for new containers at once
     * (the runtime's path is looked up per container; no reload needed).
     *
     * @return the runsc binary to register, and whether it replaces the registered one
     */
    private Gvisor gvisor(DockerEngine engine) {
        Optional<Path> registered = DaemonConfigFile.runscPath(daemonJson).map(Path::of);
        Optional<Path> binary = registered.or(() -> Processes.which("runsc"));
        if (binary.isEmpty()) {
            record("gvisor", false, "no runsc to look at (not registered, not on PATH)");
            return new Gvisor(TrixieRunsc.BINARY, false);
        }
        RunscVersion found = runscVersion(binary.get());
        if (!found.outdated()) {
            record("gvisor", false, "runsc " + found + " at " + binary.get());
            return new Gvisor(binary.get(), false);
        }
        String outdated = "runsc " + found + " at " + binary.get() + " is older than "
                + RunscVersion.CURRENT_SINCE.getYear();
        List<String> running = binary.get().equals(TrixieRunsc.BINARY)
                ? engine.runningContainersOf(DaemonJson.RUNSC) : List.of();
        if (!running.isEmpty()) {
            throw new SandstageFatalException(outdated + ", and " + running.size() + " running containers use it:"
                    + " replacing it under them would leave them unstoppable (a newer runsc cannot reach an older"
                    + " release's sandboxes, so the engine could not kill them); stop them, then run prepare again: "
                    + String.join(" ", running), Map.of("runsc", binary.get()));
        }
        TrixieRunsc trixie = new TrixieRunsc(ETC_APT);
        String mirror = AptMirror.forHost(ETC_APT, AptMirror.hostSuite(OS_RELEASE, BaseImage.SUITE));
        String arch = Processes.capture(List.of("dpkg", "--print-architecture"))
                .filter(Processes.Result::ok).map(Processes.Result::firstLine).orElse("amd64");
        if (!isRoot()) {
            throw new SandstageFatalException(outdated + "; to install Debian " + TrixieRunsc.SUITE
                    + "'s, as root, run:\n" + String.join("\n", trixie.commands(mirror, arch)),
                    Map.of("runsc", binary.get()));
        }
        out.accept("[gvisor] " + outdated + "; installing Debian " + TrixieRunsc.SUITE + "'s");
        trixie.install(mirror, arch, out);
        RunscVersion installed = runscVersion(TrixieRunsc.BINARY);
        if (!installed.current()) {
            throw new SandstageFatalException("apt installed runsc from " + TrixieRunsc.SUITE + " but "
                    + TrixieRunsc.BINARY + " reports " + installed, Map.of("mirror", mirror));
        }
        record("gvisor", true, "installed runsc " + installed + " at " + TrixieRunsc.BINARY + " from Debian "
                + TrixieRunsc.SUITE + " (" + mirror + "), pinned to that package; was " + found);
        return new Gvisor(TrixieRunsc.BINARY, !binary.get().equals(TrixieRunsc.BINARY));
    }

    /** The runsc to register, and whether it replaces another path registered in daemon.json. */
    private record Gvisor(Path binary, boolean replacesRegistered) {}

    private static RunscVersion runscVersion(Path binary) {
        return RunscVersion.parse(Processes.capture(List.of(binary.toString(), "--version"))
                .filter(Processes.Result::ok).map(Processes.Result::output).orElse(""));
    }

    /** @return true when daemon.json was written */
    private boolean daemonConfig(Gvisor gvisor) {
        boolean changed = DaemonConfigFile.registerRunsc(daemonJson, gvisor.binary().toString(),
                gvisor.replacesRegistered());
        record("daemon.json", changed, (changed ? "registered " : "") + "runtime " + DaemonJson.RUNSC + " ("
                + DaemonConfigFile.runscPath(daemonJson).orElse("?") + ") with "
                + String.join(" ", DaemonJson.REQUIRED_RUNSC_ARGS) + " in " + daemonJson);
        return changed;
    }

    private void engine(DockerEngine engine, boolean ownEngine, boolean configChanged) {
        HostFacts.Engine facts = engine.facts();
        if (!facts.reachable()) {
            if (!ownEngine) {
                throw new SandstageFatalException("no Docker engine answers at DOCKER_HOST; start it, or unset "
                        + "DOCKER_HOST to let prepare start a local one", Map.of("host", facts.host()));
            }
            if (!isRoot()) {
                throw new SandstageFatalException("no Docker engine answers; as root, run:\n  setsid dockerd "
                        + String.join(" ", DockerEngine.DOCKERD_ARGS) + " &", Map.of("host", facts.host()));
            }
            Path log = state.root().resolve("dockerd.log");
            facts = engine.start(log, ENGINE_DEADLINE, out);
            record("dockerd", true, "started Docker " + facts.serverVersion() + " (log " + log + ")");
            return;
        }
        if (ownEngine && (configChanged || !facts.runtimes().contains(DaemonJson.RUNSC))) {
            facts = engine.reloadForRuntime(DaemonJson.RUNSC, ENGINE_DEADLINE, out);
            record("dockerd", true, "reloaded Docker " + facts.serverVersion() + "; runtimes " + runtimes(facts));
            return;
        }
        record("dockerd", false, "Docker " + facts.serverVersion() + " answers at " + facts.host()
                + "; runtimes " + runtimes(facts));
    }

    private static String runtimes(HostFacts.Engine facts) {
        return String.join(", ", facts.runtimes().stream().sorted().toList());
    }

    private void baseImage(DockerClient docker, DockerHttpClient http) {
        String id = HostProbe.baseImageId(docker);
        if (id != null) {
            record("base image", false, BaseImage.NAME + " present");
            return;
        }
        Path workDir = state.root().resolve("base-rootfs");
        // Never contact a registry unless asked: build machines reach none, and containers stay on loopback.
        if ("true".equalsIgnoreCase(env.get(BaseImage.FROM_REGISTRY_ENV)) && new RegistryImage(docker).tryBuild(workDir, out)) {
            record("base image", true, "built " + BaseImage.NAME + " from " + BaseImage.REGISTRY_BASE);
            return;
        }
        if (!isRoot()) {
            throw new SandstageFatalException("the base image is missing and debootstrap needs root; run prepare as root",
                    Map.of("image", BaseImage.NAME));
        }
        String mirror = AptMirror.forHost(Path.of("/etc/apt"), BaseImage.SUITE);
        DebootstrapImage image = new DebootstrapImage(http, mirror);
        out.accept("[base] building " + BaseImage.NAME + ": " + image.recipe());
        image.build(workDir, out);
        if (HostProbe.baseImageId(docker) == null) {
            throw new SandstageFatalException("import finished but the engine has no base image", Map.of("image", BaseImage.NAME));
        }
        record("base image", true, "built " + BaseImage.NAME + " from " + mirror);
    }

    /** Tags name their inputs, so present tags are current and a second run only inspects. */
    private void pythonImages(DockerClient docker) {
        List<String> built = new ArrayList<>();
        PythonImages images = new PythonImages(docker, line -> {
            out.accept(line);
            if (line.contains("] built ")) {
                built.add(line.substring(line.indexOf("] built ") + 8));
            }
        });
        String python = images.python();
        String pydata = images.pydata();
        record("python", !built.isEmpty(), (built.isEmpty() ? "" : "built ") + python + ", " + pydata);
    }

    private void record(String name, boolean changed, String detail) {
        steps.add(new PrepareReport.Step(name, changed, detail));
        out.accept("[" + name + "] " + (changed ? "changed: " : "in place: ") + detail);
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.split("\\s+"))
                    .anyMatch(f -> f.length > 2 && f[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }
}
