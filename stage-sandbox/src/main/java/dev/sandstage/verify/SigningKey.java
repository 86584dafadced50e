package dev.sandstage.verify;

import dev.sandstage.events.SignatureAlgorithm;
import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.verify.internal.Crypto;
import dev.sandstage.verify.internal.KeyFiles;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Map;
import java.util.Objects;

/**
 * A key that signs decisions: an HMAC-SHA256 secret or an Ed25519 private key, with the key id
 * that verifiers look it up by. Used with {@link DecisionSigner} by policy-engine connectors, the
 * CLI ({@code ./sandstage call} signs with a dev HMAC key) and tests. Immutable; any thread.
 * {@link #toString()} never shows key material.
 */
public final class SigningKey {

    private final String keyId;
    private final SignatureAlgorithm algorithm;
    private final byte[] hmacSecret;
    private final PrivateKey privateKey;

    private SigningKey(String keyId, SignatureAlgorithm algorithm, byte[] hmacSecret, PrivateKey privateKey) {
        this.keyId = Keys.requireKeyId(keyId);
        this.algorithm = algorithm;
        this.hmacSecret = hmacSecret;
        this.privateKey = privateKey;
    }

    /**
     * An HMAC-SHA256 key.
     *
     * @throws IllegalArgumentException if the secret is shorter than 32 bytes
     */
    public static SigningKey hmac(String keyId, byte[] secret) {
        return new SigningKey(keyId, SignatureAlgorithm.HMAC_SHA256, Keys.requireHmacSecret(secret), null);
    }

    /**
     * An Ed25519 key.
     *
     * @throws IllegalArgumentException if the key is not an Ed25519 private key
     */
    public static SigningKey ed25519(String keyId, PrivateKey privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        if (!Crypto.isEd25519(privateKey)) {
            throw new IllegalArgumentException("key " + keyId + " is a " + privateKey.getAlgorithm() + " key, not Ed25519");
        }
        return new SigningKey(keyId, SignatureAlgorithm.ED25519, null, privateKey);
    }

    /**
     * Reads a signing key file: {@code <id>.hmac}, the hex secret on one line (at least 32 bytes;
     * the very file the stage verifies with), or {@code <id>.ed25519}, an Ed25519 private key in
     * PKCS#8 PEM ({@code openssl genpkey -algorithm ed25519}) whose public half the stage holds
     * as {@code <id>.ed25519.pub}. The key id is the file name without the suffix, unless
     * {@code keyId} is not null.
     *
     * @throws SandstageFatalException naming the file and the reason (never the key material)
     */
    public static SigningKey fromFile(Path file, String keyId) {
        if (keyId != null && keyId.isBlank()) {
            throw new SandstageFatalException("the key id must not be blank", Map.of("file", file));
        }
        return switch (KeyFiles.readSigning(file, keyId)) {
            case KeyFiles.LoadedKey.Hmac h -> hmac(h.keyId(), h.secret());
            case KeyFiles.Ed25519Private e -> ed25519(e.keyId(), e.privateKey());
        };
    }

    /** The id verifiers find the matching {@link VerificationKey} by. */
    public String keyId() {
        return keyId;
    }

    /** {@code HMAC_SHA256} or {@code ED25519}. */
    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    byte[] sign(byte[] data) {
        return algorithm == SignatureAlgorithm.HMAC_SHA256
                ? Crypto.hmacSha256(hmacSecret, data)
                : Crypto.ed25519Sign(privateKey, data);
    }

    @Override
    public String toString() {
        return "SigningKey[" + keyId + ", " + algorithm + "]";
    }
}
