package dev.sandstage.catalog.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Derives a pool class name from what makes two tools' sandboxes interchangeable: image,
 * runtime, hardening profile and limits. Readable prefix (image name and tag, runtime), then 8
 * hex of a SHA-256 over every input, so two different sandbox kinds never share a name and the
 * same catalog always yields the same names. Stateless; any thread.
 */
final class ClassNames {

    private static final int PREFIX_MAX = 50;

    private ClassNames() {}

    /** E.g. {@code tools-latest-runc-3f2a9c01} for {@code sandstage/tools:latest} on runc. */
    static String derive(String image, String runtime, String profile, long memoryBytes, double cpus,
            int pids) {
        String key = String.join("\n", image, runtime, profile, Long.toString(memoryBytes), Double.toString(cpus),
                Integer.toString(pids));
        String lastSegment = image.substring(image.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        String readable = (lastSegment.replace(':', '-') + "-" + runtime).replaceAll("[^a-z0-9_.-]", "-")
                .replaceAll("^[^a-z0-9]+", "");
        if (readable.length() > PREFIX_MAX) {
            readable = readable.substring(0, PREFIX_MAX);
        }
        return (readable.isEmpty() ? "tools" : readable) + "-" + sha256Hex(key).substring(0, 8);
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
