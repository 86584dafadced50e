package dev.sandstage.host.internal;

import dev.sandstage.error.SandstageFatalException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Installs Debian 13's (trixie) {@code runsc} on an older Debian. The package is one static
 * binary with no dependencies, so it installs on Debian 12 as it is. Two files make apt take it
 * and nothing else from trixie:
 *
 * <ul>
 *   <li>{@value #SOURCE_NAME}{@code .sources} in {@code sources.list.d}: trixie's {@code main}
 *       on the mirror the host already uses, signatures checked against
 *       {@code debian-archive-keyring} (whose Debian 12 release already holds trixie's archive
 *       and release keys);
 *   <li>{@value #SOURCE_NAME} in {@code preferences.d}: trixie's {@code runsc} at priority 990,
 *       every other trixie package at -1 (never installed, never an upgrade candidate).
 * </ul>
 *
 * Both stay after the install, so {@code apt-get upgrade} keeps runsc on trixie's security
 * updates. Called by the prepare step on the CLI's main thread; blocks while apt runs.
 */
public final class TrixieRunsc {

    /** The Debian release whose runsc is current (gVisor 2024-07-29). */
    public static final String SUITE = "trixie";
    /** What the files are named, in {@code sources.list.d} (with {@code .sources}) and {@code preferences.d}. */
    public static final String SOURCE_NAME = "sandstage-trixie-runsc";
    /** The Debian archive's keys, as the {@code debian-archive-keyring} package installs them. */
    public static final Path KEYRING = Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");
    /** Where the package puts the binary. */
    public static final Path BINARY = Path.of("/usr/bin/runsc");

    private final Path etcApt;

    /** @param etcApt apt's configuration directory, normally {@code /etc/apt} */
    public TrixieRunsc(Path etcApt) {
        this.etcApt = etcApt;
    }

    /** The deb822 apt source for trixie's {@code main} on {@code mirror}, for {@code arch} only. */
    public static String sources(String mirror, String arch) {
        return """
                # Written by sandstage prepare: Debian 13 (trixie) for its runsc (gVisor) only; the pin in
                # ../preferences.d/%1$s keeps every other trixie package out.
                Types: deb
                URIs: %2$s
                Suites: %3$s
                Components: main
                Architectures: %4$s
                Signed-By: %5$s
                """.formatted(SOURCE_NAME, mirror, SUITE, arch, KEYRING);
    }

    /**
     * The apt preferences: runsc from trixie at 990 (above the host release's 500, below 1000, so
     * never a downgrade of a newer runsc), everything else from trixie at -1. apt takes the first
     * record naming a package before any {@code Package: *} record, whatever their order.
     */
    public static String preferences() {
        return """
                # Written by sandstage prepare: from Debian 13 (trixie), apt takes runsc and nothing else.
                Package: runsc
                Pin: release n=%1$s
                Pin-Priority: 990

                Package: *
                Pin: release n=%1$s
                Pin-Priority: -1
                """.formatted(SUITE);
    }

    /** The apt source file this class writes. */
    public Path sourcesFile() {
        return etcApt.resolve("sources.list.d").resolve(SOURCE_NAME + ".sources");
    }

    /** The apt preferences file this class writes. */
    public Path preferencesFile() {
        return etcApt.resolve("preferences.d").resolve(SOURCE_NAME);
    }

    /**
     * The commands a root user runs to do the same by hand, as a non-root prepare prints them.
     */
    public List<String> commands(String mirror, String arch) {
        return List.of(
                "cat > " + sourcesFile() + " <<'EOF'\n" + sources(mirror, arch) + "EOF",
                "cat > " + preferencesFile() + " <<'EOF'\n" + preferences() + "EOF",
                String.join(" ", update()),
                "DEBIAN_FRONTEND=noninteractive " + String.join(" ", install()));
    }

    /**
     * Writes the source and the pin (only where their text differs), refreshes trixie's package
     * lists alone, and installs trixie's runsc.
     *
     * @throws SandstageFatalException when the keyring is missing or apt fails
     */
    public void install(String mirror, String arch, Consumer<String> out) {
        if (!Files.isRegularFile(KEYRING)) {
            throw new SandstageFatalException("no Debian archive keyring to check trixie's signatures; "
                    + "install the debian-archive-keyring package", Map.of("keyring", KEYRING));
        }
        write(sourcesFile(), sources(mirror, arch), out);
        write(preferencesFile(), preferences(), out);
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
        check(Processes.stream("apt", update(), env, out), "apt-get update of " + SUITE);
        check(Processes.stream("apt", install(), env, out), "apt-get install runsc/" + SUITE);
    }

    /**
     * {@code apt-get update} of this one source: the host's other sources are neither fetched
     * nor dropped (an unreachable third-party source cannot fail the step).
     */
    private List<String> update() {
        return List.of("apt-get", "update", "-o", "Dir::Etc::SourceList=" + sourcesFile(),
                "-o", "Dir::Etc::SourceParts=-", "-o", "APT::Get::List-Cleanup=0");
    }

    private static List<String> install() {
        return List.of("apt-get", "install", "-y", "--no-install-recommends", "runsc/" + SUITE);
    }

    private static void write(Path file, String text, Consumer<String> out) {
        try {
            if (Files.isRegularFile(file) && Files.readString(file).equals(text)) {
                return;
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            out.accept("[gvisor] wrote " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void check(int exit, String what) {
        if (exit != 0) {
            throw new SandstageFatalException(what + " failed (see its output above)",
                    Map.of("exit", exit, "suite", SUITE));
        }
    }
}
