package dev.sandstage.verify;

import dev.sandstage.events.SignatureAlgorithm;
import dev.sandstage.verify.internal.Crypto;
import java.security.PrivateKey;
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
