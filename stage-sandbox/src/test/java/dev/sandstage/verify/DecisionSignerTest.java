package dev.sandstage.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.events.Signature;
import dev.sandstage.events.SignatureAlgorithm;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.schema.EventCodec;
import dev.sandstage.testing.SampleEvents;
import dev.sandstage.verify.internal.Crypto;
import org.junit.jupiter.api.Test;

class DecisionSignerTest {

    private final VerifierFixture fx = new VerifierFixture();

    @Test
    void signingBytesAreTheSingleObjectEncodingWithSignatureNull() {
        ToolCallDecision decision = SampleEvents.decision("d-1");
        ToolCallDecision unsigned = SampleEvents.decision("d-1");
        unsigned.setSignature(null);

        assertThat(DecisionSigner.signingBytes(decision)).isEqualTo(EventCodec.of(ToolCallDecision.class).encode(unsigned));
    }

    @Test
    void signingIgnoresASignatureAlreadyOnTheInput() {
        ToolCallDecision withBogusSignature = SampleEvents.decision("d-2");
        ToolCallDecision withoutSignature = SampleEvents.decision("d-2");
        withoutSignature.setSignature(null);

        Signature a = DecisionSigner.sign(withBogusSignature, fx.hmacKey);
        Signature b = DecisionSigner.sign(withoutSignature, fx.hmacKey);
        Signature resigned = DecisionSigner.sign(DecisionSigner.signed(withoutSignature, fx.hmacKey), fx.hmacKey);

        assertThat(a).isEqualTo(b).isEqualTo(resigned);
    }

    @Test
    void signingLeavesTheInputUnchanged() {
        ToolCallDecision decision = SampleEvents.decision("d-3");
        ToolCallDecision before = ToolCallDecision.newBuilder(decision).build();

        DecisionSigner.signed(decision, fx.edKey);

        assertThat(decision).isEqualTo(before);
    }

    @Test
    void hmacSignatureIsHmacSha256OfTheSigningBytesUnderTheKeyId() {
        ToolCallDecision decision = SampleEvents.decision("d-4");

        Signature signature = DecisionSigner.sign(decision, fx.hmacKey);

        assertThat(signature.getKeyId()).isEqualTo("hmac-1");
        assertThat(signature.getAlgorithm()).isEqualTo(SignatureAlgorithm.HMAC_SHA256);
        assertThat(signature.getValue().array())
                .isEqualTo(Crypto.hmacSha256(VerifierFixture.HMAC_SECRET, DecisionSigner.signingBytes(decision)));
    }

    @Test
    void ed25519SignatureVerifiesWithThePublicKey() {
        ToolCallDecision decision = SampleEvents.decision("d-5");

        Signature signature = DecisionSigner.sign(decision, fx.edKey);

        assertThat(signature.getAlgorithm()).isEqualTo(SignatureAlgorithm.ED25519);
        assertThat(signature.getValue().remaining()).isEqualTo(64);
        assertThat(Crypto.ed25519Verifies(fx.edPair.getPublic(), DecisionSigner.signingBytes(decision),
                signature.getValue().array())).isTrue();
    }

    @Test
    void keysNeverShowTheirMaterial() {
        assertThat(fx.hmacKey.toString()).isEqualTo("SigningKey[hmac-1, HMAC_SHA256]");
        assertThat(fx.ring.toString()).doesNotContain("0123456789abcdef");
    }
}
