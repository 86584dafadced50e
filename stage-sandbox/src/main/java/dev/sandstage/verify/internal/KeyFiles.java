package dev.sandstage.verify.internal;

import dev.sandstage.error.SandstageFatalException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a key directory for {@code KeyRing.load}, and one signing key file for
 * {@code SigningKey.fromFile}: file naming, hex and PEM parsing, and errors that name the file
 * but never its content. Stateless; any thread.
 */
public final class KeyFiles {

    /** Suffix of HMAC-SHA256 secret files. */
    public static final String HMAC_SUFFIX = ".hmac";
    /** Suffix of Ed25519 public key files. */
    public static final String ED25519_SUFFIX = ".ed25519.pub";
    /** Suffix of Ed25519 private key files: signing side only, never in the stage's key directory. */
    public static final String ED25519_PRIVATE_SUFFIX = ".ed25519";

    private static final long MAX_FILE_BYTES = 64 << 10;

    /** A parsed key file, before it becomes a verification key. */
    public sealed interface LoadedKey {
        String keyId();

        /** An HMAC secret from {@code <id>.hmac}: it both signs and verifies. */
        record Hmac(String keyId, byte[] secret) implements LoadedKey, LoadedSigningKey {
        }

        /** A public key from {@code <id>.ed25519.pub}. */
        record Ed25519(String keyId, PublicKey publicKey) implements LoadedKey {
        }
    }

    /** A parsed signing key file, before it becomes a signing key. */
    public sealed interface LoadedSigningKey permits LoadedKey.Hmac, Ed25519Private {
        String keyId();
    }

    /** A private key from {@code <id>.ed25519}. */
    public record Ed25519Private(String keyId, PrivateKey privateKey) implements LoadedSigningKey {
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

    /**
     * One signing key: {@code <id>.hmac} (the same hex secret file the stage verifies with) or
     * {@code <id>.ed25519} (an Ed25519 private key, PKCS#8 PEM as {@code openssl genpkey
     * -algorithm ed25519} writes it, or the bare base64 of the same DER bytes). The key id is the
     * file name without the suffix, unless {@code keyId} is given (not null).
     */
    public static LoadedSigningKey readSigning(Path file, String keyId) {
        if (!Files.isRegularFile(file)) {
            throw error(file, "key file does not exist or is not a regular file");
        }
        String name = file.getFileName().toString();
        if (name.endsWith(HMAC_SUFFIX)) {
            byte[] secret = hmacSecret(file, readText(file));
            return new LoadedKey.Hmac(keyId != null ? keyId : keyId(file, name, HMAC_SUFFIX), secret);
        }
        if (name.endsWith(ED25519_SUFFIX)) {
            throw error(file, "a public key cannot sign; give the Ed25519 private key (<id>" + ED25519_PRIVATE_SUFFIX
                    + ", -----BEGIN PRIVATE KEY-----)");
        }
        if (name.endsWith(ED25519_PRIVATE_SUFFIX)) {
            PrivateKey key = ed25519PrivateKey(file, readText(file));
            return new Ed25519Private(keyId != null ? keyId : keyId(file, name, ED25519_PRIVATE_SUFFIX), key);
        }
        throw error(file, "not a signing key file: names must end with " + HMAC_SUFFIX + " (hex HMAC secret) or "
                + ED25519_PRIVATE_SUFFIX + " (Ed25519 private key, PKCS#8 PEM)");
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
        if (text.contains("PRIVATE KEY")) {
            throw error(file, "holds a private key; the stage needs only the public key (-----BEGIN PUBLIC KEY-----)");
        }
        byte[] der = pemOrBase64(file, text, "PUBLIC KEY");
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

    private static PrivateKey ed25519PrivateKey(Path file, String text) {
        byte[] der = pemOrBase64(file, text, "PRIVATE KEY");
        PrivateKey key;
        try {
            key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw error(file, "not a PKCS#8 Ed25519 private key (" + e.getClass().getSimpleName() + ")");
        }
        if (!Crypto.isEd25519(key)) {
            throw error(file, "private key is " + key.getAlgorithm() + ", not Ed25519");
        }
        return key;
    }

    /** The DER bytes of one PEM block of {@code label}, or of bare base64. */
    private static byte[] pemOrBase64(Path file, String text, String label) {
        String body = text.strip();
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        if (body.startsWith(begin)) {
            int at = body.indexOf(end);
            if (at < 0) {
                throw error(file, "PEM has no " + end + " line");
            }
            body = body.substring(begin.length(), at);
        } else if (body.startsWith("-----")) {
            throw error(file, "PEM block is not a " + label + " (expected " + begin + ")");
        }
        try {
            return Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw error(file, "key is not valid base64");
        }
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
