package dev.sandstage.image.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The content hash that names a stage image: SHA-256 over every build-context file (its path in
 * the context, its mode and its bytes), the base image's id, and the identity of the JDK the
 * runtime is linked from (which, with the jars, decides the runtime, so the runtime itself need
 * not exist to know the tag). Equal inputs give an equal tag, so a build is skipped when the tag
 * exists. Pure apart from reading files; any thread.
 */
public final class ImageInputs {

    private ImageInputs() {}

    /** Hex SHA-256 of the inputs; {@code context} maps context paths to sources, in a stable order. */
    public static String sha256(Map<String, Path> context, String baseImageId, String jdkIdentity,
            String recipe) throws IOException {
        MessageDigest all = digest();
        line(all, "recipe " + recipe);
        line(all, "base " + baseImageId);
        line(all, "jdk " + jdkIdentity);
        for (Map.Entry<String, Path> e : context.entrySet()) {
            Path root = e.getValue();
            for (Path file : ContextTar.files(root)) {
                String name = root.equals(file) ? e.getKey() : e.getKey() + "/" + root.relativize(file);
                line(all, name + " " + Integer.toOctalString(ContextTar.mode(file)) + " " + fileSha256(file));
            }
        }
        return HexFormat.of().formatHex(all.digest());
    }

    private static String fileSha256(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            return "link:" + Files.readSymbolicLink(file);
        }
        MessageDigest d = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), d)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static void line(MessageDigest d, String s) {
        d.update((s + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
