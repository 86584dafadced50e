package dev.sandstage.agent;

import dev.sandstage.error.SandstageFatalException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The agent executable the build compiled ({@code src/main/c}, {@code gcc -static}) and packaged
 * as the resource {@value #RESOURCE}. {@link SandboxImage} copies it into derived images; tests
 * run it as a local process. Immutable; any thread.
 */
public final class AgentBinary {

    public static final String RESOURCE = "/dev/sandstage/agent/sandstage-agent";

    private final byte[] bytes;
    private final String sha256;

    private AgentBinary(byte[] bytes) {
        this.bytes = bytes;
        this.sha256 = sha256Hex(bytes);
    }

    /** Loads the packaged binary; fails when the build did not produce it. */
    public static AgentBinary load() {
        try (InputStream in = AgentBinary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new SandstageFatalException("the agent binary is not on the classpath; the build compiles it "
                        + "with gcc -static (./sandstage prepare installs gcc and libc6-dev)", Map.of("resource", RESOURCE));
            }
            return new AgentBinary(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
    }

    /** A copy of the executable's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Lower-case hex SHA-256 of the executable. */
    public String sha256() {
        return sha256;
    }

    /** Writes the executable (mode 0755) as {@code dir/sandstage-agent} and returns its path. */
    public Path writeTo(Path dir) throws IOException {
        Path file = dir.resolve("sandstage-agent");
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
