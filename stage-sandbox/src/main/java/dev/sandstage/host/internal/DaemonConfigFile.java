package dev.sandstage.host.internal;

import dev.sandstage.error.SandstageFatalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Docker's {@code daemon.json}, registers runsc through {@link DaemonJson}, and writes the
 * result atomically (temporary file in the same directory, then rename) only when its meaning
 * changed, so a concurrent reader never sees half a file and an unchanged file keeps its bytes.
 *
 * <p>Called by the prepare step on the CLI's main thread.
 */
public final class DaemonConfigFile {

    /** Where the Debian engine reads its configuration. */
    public static final Path DEFAULT = Path.of("/etc/docker/daemon.json");

    private DaemonConfigFile() {}

    /**
     * Registers runsc, keeping a registered path unless {@code replacePath}.
     *
     * @return true when the file was written
     */
    public static boolean registerRunsc(Path file, String runscPath, boolean replacePath) {
        DaemonJson.Merge merge = DaemonJson.registerRunsc(read(file), file, runscPath, replacePath);
        if (merge.changed()) {
            writeAtomically(file, merge.json());
        }
        return merge.changed();
    }

    /** The path registered for runtime runsc; empty when the file or the entry is missing. */
    public static Optional<String> runscPath(Path file) {
        return DaemonJson.runscPath(read(file), file);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            throw new SandstageFatalException("cannot read the Docker daemon config", Map.of("file", file), e);
        }
    }

    private static void writeAtomically(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                Files.writeString(tmp, text);
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
                } else {
                    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new SandstageFatalException("cannot write the Docker daemon config (are you root?)",
                    Map.of("file", file), e);
        }
    }
}
