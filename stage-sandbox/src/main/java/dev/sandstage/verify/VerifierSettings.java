package dev.sandstage.verify;

import java.time.Duration;
import java.util.Objects;

/**
 * The operator's choices for decision verification. Bound from configuration by the config
 * component; read by the {@link DecisionVerifier}. Immutable; any thread.
 *
 * @param signatureRequired refuse unsigned decisions (default true); a signature that is present
 *     is always checked, even when this is false
 * @param clockSkew how far the stage's clock may disagree with the policy engine's, applied to
 *     both {@code expires_at} and {@code issued_at} (default 30 s)
 * @param maxArgumentsBytes global cap on {@code arguments_json} in UTF-8 bytes, on top of each
 *     tool's own cap (default 256 KiB)
 */
public record VerifierSettings(boolean signatureRequired, Duration clockSkew, long maxArgumentsBytes) {

    /** Signature required, 30 s of skew, 256 KiB of arguments. */
    public static final VerifierSettings DEFAULTS = new VerifierSettings(true, Duration.ofSeconds(30), 256L << 10);

    public VerifierSettings {
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative, got " + clockSkew);
        }
        if (maxArgumentsBytes <= 0) {
            throw new IllegalArgumentException("maxArgumentsBytes must be positive, got " + maxArgumentsBytes);
        }
    }

    /** These settings with {@code signatureRequired} replaced. */
    public VerifierSettings withSignatureRequired(boolean required) {
        return new VerifierSettings(required, clockSkew, maxArgumentsBytes);
    }
}
