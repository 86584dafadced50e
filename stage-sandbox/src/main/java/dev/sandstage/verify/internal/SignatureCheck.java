package dev.sandstage.verify.internal;

import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.Signature;
import dev.sandstage.events.SignatureAlgorithm;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.verify.DecisionSigner;
import dev.sandstage.verify.KeyRing;
import dev.sandstage.verify.Verdict;
import dev.sandstage.verify.VerificationKey;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The signature step of {@code DecisionVerifier}: missing, unsupported algorithm, unknown key,
 * then the cryptographic check. Stateless; any thread.
 */
public final class SignatureCheck {

    private SignatureCheck() {
    }

    /** The rejection, or empty when the signature verifies (or is absent and not required). */
    public static Optional<Verdict.Rejected> check(ToolCallDecision decision, KeyRing keys, boolean required) {
        Signature signature = decision.getSignature();
        if (signature == null) {
            return required
                    ? reject(ErrorCode.SIGNATURE_MISSING, "decision has no signature and this stage requires signed decisions")
                    : Optional.empty();
        }
        SignatureAlgorithm algorithm = signature.getAlgorithm();
        if (algorithm == null || algorithm == SignatureAlgorithm.UNKNOWN) {
            return reject(ErrorCode.SIGNATURE_ALGORITHM_UNSUPPORTED,
                    "signature.algorithm is " + algorithm + "; supported: ED25519, HMAC_SHA256");
        }
        String keyId = signature.getKeyId();
        Optional<VerificationKey> key = keys.find(keyId);
        if (key.isEmpty()) {
            return reject(ErrorCode.SIGNATURE_KEY_UNKNOWN, "signature.key_id " + Text.quote(keyId)
                    + " is not a configured key (" + keys.size() + " keys configured)");
        }
        if (key.get().algorithm() != algorithm) {
            // A key verifies with one algorithm only; accepting the claimed one would allow
            // algorithm confusion (an Ed25519 public key used as an HMAC secret).
            return reject(ErrorCode.SIGNATURE_ALGORITHM_UNSUPPORTED, "signature.algorithm is " + algorithm + " but key "
                    + Text.quote(keyId) + " verifies " + key.get().algorithm() + " only");
        }
        byte[] value = bytes(signature.getValue());
        if (!key.get().verifies(DecisionSigner.signingBytes(decision), value)) {
            return reject(ErrorCode.SIGNATURE_INVALID, algorithm + " signature (" + value.length + " bytes) by key "
                    + Text.quote(keyId) + " does not verify over the decision");
        }
        return Optional.empty();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return new byte[0];
        }
        // duplicate() so reading does not move the position of the decision's own buffer.
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    private static Optional<Verdict.Rejected> reject(ErrorCode code, String message) {
        return Optional.of(new Verdict.Rejected(code, message));
    }
}
