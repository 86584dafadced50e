package dev.sandstage.host.internal;

import dev.sandstage.error.SandstageFatalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the host's Debian release and apt state are, for steps that take packages from the host's
 * apt into images of a given release. Stateless; reads files only.
 */
final class HostRelease {

    private static final Path OS_RELEASE = Path.of("/etc/os-release");
    private static final Path APT_LISTS = Path.of("/var/lib/apt/lists");

    private HostRelease() {}

    /** Fails unless {@code /etc/os-release} names {@code suite} as the version codename. */
    static void requireSuite(String suite) {
        String codename = codename();
        if (!suite.equals(codename)) {
            throw new SandstageFatalException("the images' Python packages come from the host's apt, which must be "
                    + "Debian " + suite + " like the base image; this host is " + codename,
                    Map.of("expected", suite, "host", codename));
        }
    }

    static String codename() {
        try {
            return Files.readAllLines(OS_RELEASE).stream()
                    .filter(l -> l.startsWith("VERSION_CODENAME="))
                    .map(l -> l.substring(l.indexOf('=') + 1).replace("\"", "").strip())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Whether apt has package lists (a fresh machine or image may have none before {@code apt-get update}). */
    static boolean hasAptLists() {
        if (!Files.isDirectory(APT_LISTS)) {
            return false;
        }
        try (Stream<Path> files = Files.list(APT_LISTS)) {
            return files.anyMatch(p -> p.getFileName().toString().contains("_Packages"));
        } catch (IOException e) {
            return false;
        }
    }
}
