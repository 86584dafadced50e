package dev.sandstage.verify;

import dev.sandstage.events.SignatureAlgorithm;
import dev.sandstage.verify.internal.Crypto;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A key that verifies decision signatures: an HMAC-SHA256 secret or an Ed25519 public key, under
 * the key id decisions name in {@code signature.key_id}. Held in a {@link KeyRing}; used by the
 * {@link DecisionVerifier}. Immutable; any thread. {@link #toString()} never shows key material.
 */
public final class VerificationKey {

    private final String keyId;
    private final SignatureAlgorithm algorithm;
    private final byte[] hmacSecret;
    private final PublicKey publicKey;

    private VerificationKey(String keyId, SignatureAlgorithm algorithm, byte[] hmacSecret, PublicKey publicKey) {
        this.keyId = Keys.requireKeyId(keyId);
        this.algorithm = algorithm;
        this.hmacSecret = hmacSecret;
        this.publicKey = publicKey;
    }

    /**
     * An HMAC-SHA256 key (the same secret the signer holds).
     *
     * @throws IllegalArgumentException if the secret is shorter than 32 bytes
     */
    public static VerificationKey hmac(String keyId, byte[] secret) {
        return new VerificationKey(keyId, SignatureAlgorithm.HMAC_SHA256, Keys.requireHmacSecret(secret), null);
    }

    /**
     * An Ed25519 public key.
     *
     * @throws IllegalArgumentException if the key is not an Ed25519 public key
     */
    public static VerificationKey ed25519(String keyId, PublicKey publicKey) {
        Objects.requireNonNull(publicKey, "publicKey");
        if (!Crypto.isEd25519(publicKey)) {
            throw new IllegalArgumentException("key " + keyId + " is a " + publicKey.getAlgorithm() + " key, not Ed25519");
        }
        return new VerificationKey(keyId, SignatureAlgorithm.ED25519, null, publicKey);
    }

    /** The id decisions name in {@code signature.key_id}. */
    public String keyId() {
        return keyId;
    }

    /** The only algorithm this key verifies: {@code HMAC_SHA256} or {@code ED25519}. */
    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** True when {@code signature} verifies over {@code data} with this key (HMAC compared in constant time). */
    public boolean verifies(byte[] data, byte[] signature) {
        return algorithm == SignatureAlgorithm.HMAC_SHA256
                ? Crypto.hmacSha256Verifies(hmacSecret, data, signature)
                : Crypto.ed25519Verifies(publicKey, data, signature);
    }

    @Override
    public String toString() {
        return "VerificationKey[" + keyId + ", " + algorithm + "]";
    }
}
