package dev.sandstage.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.SignatureAlgorithm;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.testing.SampleEvents;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DecisionVerifierSignatureTest {

    private final VerifierFixture fx = new VerifierFixture();

    @Test
    void acceptsDecisionSignedWithHmac() {
        assertThat(fx.verifier().verify(fx.hmacSigned())).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void acceptsDecisionSignedWithEd25519() {
        ToolCallDecision decision = DecisionSigner.signed(SampleEvents.decision(), fx.edKey);

        assertThat(fx.verifier().verify(decision)).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void rejectsUnsignedDecisionByDefault() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setSignature(null);

        assertRejected(fx.verifier().verify(decision), ErrorCode.SIGNATURE_MISSING);
    }

    @Test
    void rejectsUnknownAlgorithm() {
        ToolCallDecision decision = fx.hmacSigned();
        decision.getSignature().setAlgorithm(SignatureAlgorithm.UNKNOWN);

        assertRejected(fx.verifier().verify(decision), ErrorCode.SIGNATURE_ALGORITHM_UNSUPPORTED).contains("UNKNOWN");
    }

    @Test
    void rejectsAlgorithmOtherThanTheKeys() {
        ToolCallDecision decision = fx.hmacSigned();
        decision.getSignature().setAlgorithm(SignatureAlgorithm.ED25519);

        assertRejected(fx.verifier().verify(decision), ErrorCode.SIGNATURE_ALGORITHM_UNSUPPORTED)
                .contains("'hmac-1'", "HMAC_SHA256 only");
    }

    @Test
    void rejectsUnknownKeyId() {
        SigningKey stranger = SigningKey.hmac("someone-else", "x".repeat(32).getBytes(StandardCharsets.US_ASCII));
        ToolCallDecision decision = DecisionSigner.signed(SampleEvents.decision(), stranger);

        assertRejected(fx.verifier().verify(decision), ErrorCode.SIGNATURE_KEY_UNKNOWN).contains("'someone-else'");
    }

    @Test
    void rejectsSignatureMadeWithAnotherSecretUnderAKnownKeyId() {
        SigningKey forged = SigningKey.hmac("hmac-1", "y".repeat(32).getBytes(StandardCharsets.US_ASCII));
        ToolCallDecision decision = DecisionSigner.signed(SampleEvents.decision(), forged);

        assertRejected(fx.verifier().verify(decision), ErrorCode.SIGNATURE_INVALID)
                .doesNotContain("yyyy", "0123456789abcdef");
    }

    @Test
    void rejectsTruncatedEd25519Signature() {
        ToolCallDecision decision = DecisionSigner.signed(SampleEvents.decision(), fx.edKey);
        decision.getSignature().setValue(ByteBuffer.wrap(new byte[] {1, 2, 3}));

        assertRejected(fx.verifier().verify(decision), ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void acceptsUnsignedDecisionWhenSignaturesAreOptional() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setSignature(null);

        assertThat(fx.verifier(VerifierSettings.DEFAULTS.withSignatureRequired(false)).verify(decision))
                .isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void rejectsInvalidSignatureEvenWhenSignaturesAreOptional() {
        ToolCallDecision decision = fx.hmacSigned();
        decision.setCallId("call-8");

        assertRejected(fx.verifier(VerifierSettings.DEFAULTS.withSignatureRequired(false)).verify(decision),
                ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void verifyingDoesNotConsumeTheSignatureBuffer() {
        ToolCallDecision decision = fx.hmacSigned();

        fx.verifier().verify(decision);

        assertThat(fx.verifier().verify(decision)).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void refusesHmacKeysShorterThan32Bytes() {
        assertThatThrownBy(() -> VerificationKey.hmac("short", new byte[31]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("31 bytes");
        assertThatThrownBy(() -> SigningKey.hmac("short", new byte[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32");
    }

    static org.assertj.core.api.AbstractStringAssert<?> assertRejected(Verdict verdict, ErrorCode code) {
        assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
        Verdict.Rejected rejected = (Verdict.Rejected) verdict;
        assertThat(rejected.code()).as(rejected.message()).isEqualTo(code);
        return assertThat(rejected.message());
    }
}
