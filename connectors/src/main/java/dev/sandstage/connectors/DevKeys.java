package dev.sandstage.connectors;

import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.host.StateDirectory;
import dev.sandstage.verify.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The development signing key: HMAC-SHA256, key id {@value #KEY_ID}, 32 random bytes stored as hex
 * in {@code <state>/keys/dev.hmac} (the file {@code KeyRing.load} reads, so the stage verifies what
 * {@code ./sandstage call} signs). Created once, by {@code ./sandstage up} or the first
 * {@code call}; never overwritten. Called from the CLI's main thread; safe from any thread, and
 * two processes creating it at once end up with the same key (the loser loads the winner's file).
 */
public final class DevKeys {

    /** Key id of the development key. */
    public static final String KEY_ID = "dev";

    private static final int SECRET_BYTES = 32;

    private DevKeys() {}

    /** Where the development key lives in {@code state}. */
    public static Path keyFile(StateDirectory state) {
        return state.root().resolve("keys").resolve(KEY_ID + ".hmac");
    }

    /**
     * Creates the key file when missing (directory mode 0700, file mode 0600), then loads it.
     *
     * @throws SandstageFatalException when the file cannot be written or does not hold a valid key
     */
    public static SigningKey ensureDevKey(StateDirectory state) {
        Path file = keyFile(state);
        if (!Files.exists(file)) {
            create(file);
        }
        return load(file);
    }

    /** Loads an HMAC key file ({@code <id>.hmac}, hex, at least 32 bytes) as a signing key. */
    public static SigningKey load(Path file) {
        try {
            String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return SigningKey.hmac(KEY_ID, HexFormat.of().parseHex(hex));
        } catch (IOException | IllegalArgumentException e) {
            throw new SandstageFatalException("cannot load the development key: " + e.getMessage(),
                    Map.of("file", file), e);
        }
    }

    private static void create(Path file) {
        Path dir = file.getParent();
        byte[] secret = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        Path tmp = dir.resolve(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.US_ASCII);
            // A hard link fails atomically when the name exists: a key another process created first wins.
            Files.createLink(file, tmp);
            Files.delete(tmp);
        } catch (FileAlreadyExistsException e) {
            deleteQuietly(tmp);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new SandstageFatalException("cannot create the development key: " + e.getMessage(),
                    Map.of("file", file), e);
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // A stray temporary file is harmless; the key file is what matters.
        }
    }
}
