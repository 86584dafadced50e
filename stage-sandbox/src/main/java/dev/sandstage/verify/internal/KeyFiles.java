package dev.sandstage.verify.internal;

import dev.sandstage.error.SandstageFatalException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a key directory for {@code KeyRing.load}: file naming, hex and PEM parsing, and errors
 * that name the file but never its content. Stateless; any thread.
 */
public final class KeyFiles {

    /** Suffix of HMAC-SHA256 secret files. */
    public static final String HMAC_SUFFIX = ".hmac";
    /** Suffix of Ed25519 public key files. */
    public static final String ED25519_SUFFIX = ".ed25519.pub";

    private static final long MAX_FILE_BYTES = 64 << 10;

    /** A parsed key file, before it becomes a verification key. */
    public sealed interface LoadedKey {
        String keyId();

        /** An HMAC secret from {@code <id>.hmac}. */
        record Hmac(String keyId, byte[] secret) implements LoadedKey {
        }

        /** A public key from {@code <id>.ed25519.pub}. */
        record Ed25519(String keyId, PublicKey publicKey) implements LoadedKey {
        }
    }

    private KeyFiles() {
    }

    /** Every key in {@code dir}, sorted by file name. */
    public static List<LoadedKey> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw error(dir, "key directory does not exist or is not a directory");
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !Files.isDirectory(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new SandstageFatalException("cannot list the key directory: " + e.getMessage(), Map.of("dir", dir), e);
        }
        List<LoadedKey> keys = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path file : files) {
            LoadedKey key = read(file);
            Path earlier = seen.putIfAbsent(key.keyId(), file);
            if (earlier != null) {
                throw error(file, "key id '" + key.keyId() + "' is also defined by " + earlier.getFileName());
            }
            keys.add(key);
        }
        return keys;
    }

    private static LoadedKey read(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(HMAC_SUFFIX)) {
            return new LoadedKey.Hmac(keyId(file, name, HMAC_SUFFIX), hmacSecret(file, readText(file)));
        }
        if (name.endsWith(ED25519_SUFFIX)) {
            return new LoadedKey.Ed25519(keyId(file, name, ED25519_SUFFIX), ed25519PublicKey(file, readText(file)));
        }
        throw error(file, "not a key file: names must end with " + HMAC_SUFFIX + " (hex HMAC secret) or "
                + ED25519_SUFFIX + " (Ed25519 public key); remove other files from the key directory");
    }

    private static String keyId(Path file, String name, String suffix) {
        String id = name.substring(0, name.length() - suffix.length());
        if (id.isBlank()) {
            throw error(file, "the key id (the file name before " + suffix + ") is empty");
        }
        return id;
    }

    private static byte[] hmacSecret(Path file, String text) {
        String hex = text.strip();
        if (hex.isEmpty()) {
            throw error(file, "HMAC key file is empty");
        }
        if (hex.lines().count() > 1) {
            throw error(file, "HMAC key file must hold one line of hex");
        }
        byte[] secret;
        try {
            secret = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            // The parser's message quotes the offending characters, which are part of the secret.
            throw error(file, "HMAC key is not hexadecimal (expected an even number of 0-9, a-f characters)");
        }
        if (secret.length < Crypto.MIN_HMAC_SECRET_BYTES) {
            throw error(file, "HMAC key has " + secret.length + " bytes, at least " + Crypto.MIN_HMAC_SECRET_BYTES
                    + " are required (" + 2 * Crypto.MIN_HMAC_SECRET_BYTES + " hex characters)");
        }
        return secret;
    }

    private static PublicKey ed25519PublicKey(Path file, String text) {
        String body = text.strip();
        if (body.contains("PRIVATE KEY")) {
            throw error(file, "holds a private key; the stage needs only the public key (-----BEGIN PUBLIC KEY-----)");
        }
        if (body.startsWith("-----BEGIN PUBLIC KEY-----")) {
            int end = body.indexOf("-----END PUBLIC KEY-----");
            if (end < 0) {
                throw error(file, "PEM has no -----END PUBLIC KEY----- line");
            }
            body = body.substring("-----BEGIN PUBLIC KEY-----".length(), end);
        } else if (body.startsWith("-----")) {
            throw error(file, "PEM block is not a PUBLIC KEY (expected -----BEGIN PUBLIC KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw error(file, "Ed25519 public key is not valid base64");
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw error(file, "not an X.509 Ed25519 public key (" + e.getClass().getSimpleName() + ")");
        }
        if (!Crypto.isEd25519(key)) {
            throw error(file, "public key is " + key.getAlgorithm() + ", not Ed25519");
        }
        return key;
    }

    private static String readText(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw error(file, "key file is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new SandstageFatalException("cannot read key file: " + e.getClass().getSimpleName(),
                    Map.of("file", file), e);
        }
    }

    private static SandstageFatalException error(Path file, String reason) {
        return new SandstageFatalException(reason, Map.of("file", file));
    }
}
