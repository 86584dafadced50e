package dev.sandstage.host.internal;

import dev.sandstage.error.SandstageFatalException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Installs Debian packages the host lacks with apt-get. Called by the prepare step on the CLI's
 * main thread; blocks while apt runs, forwarding its lines.
 */
public final class DebianPackages {

    /** Debian's hook that init scripts ask before starting a service from a package's postinst. */
    private static final Path POLICY_RC_D = Path.of("/usr/sbin/policy-rc.d");

    private DebianPackages() {}

    /** The packages of {@code wanted} that dpkg does not report as installed, in order. */
    public static List<String> missing(List<String> wanted) {
        if (Processes.which("dpkg-query").isEmpty()) {
            throw new SandstageFatalException(
                    "this host has no dpkg; install these packages with its own package manager",
                    Map.of("packages", String.join(" ", wanted)));
        }
        List<String> missing = new ArrayList<>();
        for (String pkg : wanted) {
            boolean installed = Processes.capture(List.of("dpkg-query", "-W", "-f=${Status}", pkg))
                    .filter(Processes.Result::ok)
                    .map(r -> r.output().contains("install ok installed"))
                    .orElse(false);
            if (!installed) {
                missing.add(pkg);
            }
        }
        return missing;
    }

    /** The commands that install {@code packages}, as a user would type them. */
    public static List<String> commands(List<String> packages) {
        return List.of("apt-get update",
                "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "
                        + String.join(" ", packages));
    }

    /**
     * Runs {@code apt-get update} once and then installs {@code packages}. Services in the
     * packages are not started: Sandstage starts dockerd itself with a loopback-only setup,
     * while the package's init script would create the docker0 bridge and iptables rules.
     */
    public static void install(List<String> packages, Consumer<String> out) {
        boolean ownPolicy = denyServiceStarts();
        try {
            Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
            check(Processes.stream("apt", List.of("apt-get", "update"), env, out), "apt-get update", packages);
            List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "--no-install-recommends"));
            install.addAll(packages);
            check(Processes.stream("apt", install, env, out), "apt-get install", packages);
        } finally {
            if (ownPolicy) {
                deleteQuietly(POLICY_RC_D);
            }
        }
    }

    private static void check(int exit, String what, List<String> packages) {
        if (exit != 0) {
            throw new SandstageFatalException(what + " failed (see its output above)",
                    Map.of("exit", exit, "packages", String.join(" ", packages)));
        }
    }

    /** Writes a policy-rc.d that refuses service starts, unless the host already has one. */
    private static boolean denyServiceStarts() {
        if (Files.exists(POLICY_RC_D)) {
            return false;
        }
        try {
            Files.writeString(POLICY_RC_D, "#!/bin/sh\n# written by sandstage prepare for the install only\nexit 101\n");
            Files.setPosixFilePermissions(POLICY_RC_D, PosixFilePermissions.fromString("rwxr-xr-x"));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + POLICY_RC_D, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Leaving it only keeps services from autostarting on later installs; not worth failing for.
        }
    }
}
