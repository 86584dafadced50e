package dev.sandstage.verify.internal;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECKey;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK crypto behind signing and verification (HMAC-SHA256, Ed25519). JCA objects are not
 * thread-safe, so each call makes its own; the methods themselves are safe from any thread.
 */
public final class Crypto {

    /** Shortest HMAC secret accepted: the output size of SHA-256, as RFC 2104 advises. */
    public static final int MIN_HMAC_SECRET_BYTES = 32;

    private static final String HMAC = "HmacSHA256";
    private static final String ED25519 = "Ed25519";

    private Crypto() {
    }

    /** HMAC-SHA256 of {@code data} under {@code secret}. */
    public static byte[] hmacSha256(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK must provide " + HMAC, e);
        }
    }

    /** True when {@code signature} is the HMAC of {@code data}, compared in constant time. */
    public static boolean hmacSha256Verifies(byte[] secret, byte[] data, byte[] signature) {
        // isEqual does not stop at the first differing byte, so timing reveals nothing of the MAC.
        return MessageDigest.isEqual(hmacSha256(secret, data), signature);
    }

    /** Ed25519 signature of {@code data}. */
    public static byte[] ed25519Sign(PrivateKey key, byte[] data) {
        try {
            Signature signer = Signature.getInstance(ED25519);
            signer.initSign(key);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK must provide " + ED25519, e);
        }
    }

    /** True when {@code signature} is a valid Ed25519 signature of {@code data}; malformed signatures are false. */
    public static boolean ed25519Verifies(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ED25519);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (SignatureException | InvalidKeyException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK must provide " + ED25519, e);
        }
    }

    /** Whether {@code key} is an Ed25519 key (and not, say, Ed448 or RSA). */
    public static boolean isEd25519(Key key) {
        return key instanceof EdECKey ed && ED25519.equalsIgnoreCase(ed.getParams().getName());
    }
}
