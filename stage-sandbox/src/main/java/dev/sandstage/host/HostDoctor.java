package dev.sandstage.host;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges {@link HostFacts}: which items Sandstage needs are present, which are missing. Pure
 * logic, so the verdict is unit-tested with hand-made facts; {@link HostProbe} gathers the real
 * ones. Called by the {@code doctor} and {@code prepare} verbs.
 *
 * <p>Stateless and thread-safe.
 */
public final class HostDoctor {

    /** The oldest JDK feature release Sandstage runs on. */
    public static final int MIN_JAVA = 21;
    /** Free space needed on the state directory's and Docker root's file systems. */
    public static final long MIN_FREE_BYTES = 1L << 30;

    private HostDoctor() {}

    public static DoctorReport examine(HostFacts facts) {
        List<HostCheck> checks = new ArrayList<>();
        checks.add(jdk(facts.jdk()));
        HostFacts.Engine engine = facts.engine();
        checks.add(engine(engine));
        checks.add(runtime(engine, "runc"));
        checks.add(runtime(engine, "runsc"));
        checks.add(runscVersion(facts.runsc()));
        checks.add(seccomp(facts.kernel(), engine));
        checks.add(userNamespaces(facts.kernel()));
        checks.add(cgroups(facts.kernel(), engine));
        checks.add(baseImage(engine, facts.baseImageId()));
        checks.add(toolchain(facts.toolchain()));
        checks.add(disk("disk state", facts.stateDisk()));
        checks.add(engine.reachable() || facts.dockerRootDisk() != null
                ? disk("disk docker", facts.dockerRootDisk())
                : HostCheck.missing("disk docker", "unknown: Docker engine not reachable"));
        return new DoctorReport(checks);
    }

    private static HostCheck jdk(HostFacts.Jdk jdk) {
        String detail = "JDK " + jdk.version() + " at " + jdk.home();
        return jdk.feature() >= MIN_JAVA
                ? HostCheck.ok("jdk", detail)
                : HostCheck.missing("jdk", detail + " (need " + MIN_JAVA + " or newer)");
    }

    private static HostCheck engine(HostFacts.Engine engine) {
        if (!engine.reachable()) {
            return HostCheck.missing("docker", "no engine answers at " + engine.host() + ": " + engine.error());
        }
        return HostCheck.ok("docker", "Docker " + engine.serverVersion() + " at " + engine.host()
                + ", API " + engine.apiVersion());
    }

    private static HostCheck runtime(HostFacts.Engine engine, String name) {
        String check = "runtime " + name;
        if (!engine.reachable()) {
            return HostCheck.missing(check, "unknown: Docker engine not reachable");
        }
        return engine.runtimes().contains(name)
                ? HostCheck.ok(check, name + " registered (engine runtimes: " + sorted(engine) + ")")
                : HostCheck.missing(check, name + " not registered (engine runtimes: " + sorted(engine) + ")");
    }

    private static HostCheck runscVersion(HostFacts.Runsc runsc) {
        String check = "runsc version";
        if (runsc == null || runsc.versionLine() == null) {
            return HostCheck.info(check, "unknown: " + (runsc == null ? "not probed" : runsc.note()));
        }
        RunscVersion version = RunscVersion.parse(runsc.versionLine());
        String detail = "gVisor " + version + " at " + runsc.path();
        if (version.outdated()) {
            return HostCheck.warn(check, detail + ", older than " + RunscVersion.CURRENT_SINCE.getYear()
                    + ": coreutils' ls and stat fail in its sandboxes");
        }
        return version.current() ? HostCheck.ok(check, detail) : HostCheck.info(check, detail);
    }

    private static HostCheck seccomp(HostFacts.Kernel kernel, HostFacts.Engine engine) {
        if (!kernel.seccomp()) {
            return HostCheck.missing("seccomp", "kernel has no seccomp filter support");
        }
        if (!engine.reachable()) {
            return HostCheck.missing("seccomp", "kernel supports it; engine unknown (not reachable)");
        }
        return engine.seccomp()
                ? HostCheck.ok("seccomp", "kernel supports it; engine applies its default profile")
                : HostCheck.missing("seccomp", "kernel supports it but the engine reports no seccomp profile");
    }

    private static HostCheck userNamespaces(HostFacts.Kernel kernel) {
        long max = kernel.maxUserNamespaces();
        if (max < 0) {
            return HostCheck.info("userns", "unknown (no /proc/sys/user/max_user_namespaces)");
        }
        return HostCheck.info("userns", max > 0 ? "available (max_user_namespaces=" + max + ")"
                : "disabled (max_user_namespaces=0)");
    }

    private static HostCheck cgroups(HostFacts.Kernel kernel, HostFacts.Engine engine) {
        String layout = kernel.cgroupLayout() == null ? "unknown" : kernel.cgroupLayout();
        String seen = engine.reachable() && engine.cgroupVersion() != null
                ? "; engine uses cgroup v" + engine.cgroupVersion() : "";
        return HostCheck.info("cgroups", "host layout " + layout + seen);
    }

    private static HostCheck baseImage(HostFacts.Engine engine, String imageId) {
        if (!engine.reachable()) {
            return HostCheck.missing("base image", BaseImage.NAME + ": unknown, Docker engine not reachable");
        }
        return imageId != null
                ? HostCheck.ok("base image", BaseImage.NAME + " (" + shortId(imageId) + ")")
                : HostCheck.missing("base image", BaseImage.NAME + " not found in the engine");
    }

    private static HostCheck toolchain(HostFacts.Toolchain toolchain) {
        if (toolchain.gccVersion() == null) {
            return HostCheck.missing("gcc static", "gcc not found (needed to build the in-container agent)");
        }
        if (toolchain.staticLibc() == null) {
            return HostCheck.missing("gcc static", toolchain.gccVersion() + ", but no static libc (libc.a)");
        }
        return HostCheck.ok("gcc static", toolchain.gccVersion() + ", static libc " + toolchain.staticLibc());
    }

    private static HostCheck disk(String name, HostFacts.Disk disk) {
        if (disk == null || disk.freeBytes() < 0) {
            return HostCheck.missing(name, "unknown free space" + (disk == null ? "" : " at " + disk.path()));
        }
        String detail = gib(disk.freeBytes()) + " free at " + disk.path();
        return disk.freeBytes() >= MIN_FREE_BYTES
                ? HostCheck.ok(name, detail)
                : HostCheck.missing(name, detail + " (need " + gib(MIN_FREE_BYTES) + ")");
    }

    private static String sorted(HostFacts.Engine engine) {
        return String.join(", ", engine.runtimes().stream().sorted().toList());
    }

    private static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
