package dev.sandstage.verify;

import dev.sandstage.verify.internal.Crypto;
import java.util.Arrays;
import java.util.Objects;

/** Argument checks shared by {@link SigningKey} and {@link VerificationKey}. Stateless. */
final class Keys {

    private Keys() {
    }

    static String requireKeyId(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        if (keyId.isBlank()) {
            throw new IllegalArgumentException("key id must not be blank");
        }
        return keyId;
    }

    static byte[] requireHmacSecret(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < Crypto.MIN_HMAC_SECRET_BYTES) {
            throw new IllegalArgumentException("HMAC secret has " + secret.length + " bytes, at least "
                    + Crypto.MIN_HMAC_SECRET_BYTES + " are required");
        }
        return Arrays.copyOf(secret, secret.length);
    }
}
