package dev.sandstage.host;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What a probe of the host found, as plain data: {@link HostProbe} fills it from the real
 * machine, tests build it by hand, and {@link HostDoctor} judges it. Nulls mean "not found" or
 * "could not be determined", as each component documents.
 *
 * <p>Immutable; safe to share between threads.
 */
public record HostFacts(Jdk jdk, Engine engine, Kernel kernel, String baseImageId, Toolchain toolchain,
        Disk stateDisk, Disk dockerRootDisk, Runsc runsc) {

    /** The JDK running the CLI. */
    public record Jdk(String version, int feature, Path home) {}

    /**
     * The Docker engine at {@code host}. When {@code error} is non-null the engine did not answer
     * and every other field is null or empty.
     */
    public record Engine(URI host, String error, String serverVersion, String apiVersion,
            Set<String> runtimes, List<String> securityOptions, String cgroupVersion, String rootDir) {

        public Engine {
            runtimes = runtimes == null ? Set.of() : Set.copyOf(runtimes);
            securityOptions = securityOptions == null ? List.of() : List.copyOf(securityOptions);
        }

        /** An engine that did not answer. */
        public static Engine unreachable(URI host, String error) {
            return new Engine(host, error, null, null, Set.of(), List.of(), null, null);
        }

        public boolean reachable() {
            return error == null;
        }

        /** True when the engine applies a seccomp profile to containers. */
        public boolean seccomp() {
            return securityOptions.stream().anyMatch(o -> o.contains("seccomp"));
        }
    }

    /**
     * Kernel features seen from the host: {@code seccomp} from {@code /proc/self/status},
     * {@code maxUserNamespaces} from {@code /proc/sys/user/max_user_namespaces} (-1 unknown),
     * {@code cgroupLayout} one of {@code v1}, {@code hybrid}, {@code v2} (null unknown).
     */
    public record Kernel(boolean seccomp, long maxUserNamespaces, String cgroupLayout) {}

    /** gcc's version line and the path of the static libc ({@code libc.a}); null when absent. */
    public record Toolchain(String gccVersion, Path staticLibc) {}

    /** Usable bytes on the file system holding {@code path}; -1 when unknown. */
    public record Disk(Path path, long freeBytes) {}

    /**
     * The runsc binary the engine starts for runtime {@code runsc} (its registered path, else the
     * one on PATH) and the first line of its {@code --version}. {@code path} is null when none was
     * found; {@code versionLine} is null when it could not be run, and {@code note} then says why.
     */
    public record Runsc(Path path, String versionLine, String note) {

        /** No runsc to look at, and why. */
        public static Runsc unknown(String note) {
            return new Runsc(null, null, note);
        }
    }
}
